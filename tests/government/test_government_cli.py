"""``psephos govern`` through the Typer runner."""

from __future__ import annotations

import csv
import io

from typer.testing import CliRunner

from cli_helpers import command_json
from psephos.cli import app

runner = CliRunner()


def test_govern_2017_prints_the_arithmetic():
    result = runner.invoke(app, ["govern", "2017"], terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "Con, with 317 seats: 9 short of a majority" in result.output
    assert "Con + DUP, with 327 seats" in result.output
    assert "a working majority of 13" in result.output
    assert "Lab + SNP + LD + PC + Green, with 314 seats" in result.output
    assert "less than a working majority" in result.output


def test_govern_json_and_csv():
    payload = command_json("govern", "2017")
    assert payload["working_threshold"] == 320
    assert payload["abstentionists"] == {"SF": 7}
    rows = {row["arrangement"]: row for row in payload["rows"]}
    assert rows["Con + DUP (DUP on confidence and supply)"]["commands_house"] is True
    assert rows["Lab + SNP + LD + PC + Green"]["commands_house"] is False
    result = runner.invoke(app, ["govern", "2010", "-f", "csv", "--coalition", "Con+LD"])
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.output)))
    coalition = [r for r in table if r["arrangement"] == "Con + LD (coalition)"]
    assert coalition and coalition[0]["commands_house"] == "true"
    assert table[0]["arrangement"] == "Con" and table[0]["commands_house"] == "false"


def test_govern_seats_option_and_power_view():
    result = runner.invoke(
        app,
        [
            "govern",
            "--seats",
            "A=4,B=3,C=2",
            "--deputies-government",
            "0",
            "--deputies-opposition",
            "0",
            "--view",
            "power",
            "-f",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [round(float(r["banzhaf_pct"]), 6) for r in rows] == [33.333333] * 3


def test_govern_user_errors_exit_2():
    result = runner.invoke(app, ["govern", "--seats", "Con=abc"])
    assert result.exit_code != 0
    result = runner.invoke(app, ["govern", "2017", "--confidence-supply", "Con"])
    assert result.exit_code != 0


def test_every_govern_option_has_help():
    result = runner.invoke(app, ["govern", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for option in (
        "--seats",
        "--coalition",
        "--confidence-supply",
        "--deputies-government",
        "--abstain",
        "--view",
        "--format",
    ):
        assert option in result.output


def test_govern_government_side_moves_the_deputies():
    payload = command_json("govern", "2017", "--government-side", "Lab,SNP")
    assert payload["deputy_speakers"] == {"Lab": 1, "Con": 2}
    payload = command_json("govern", "2019")
    assert payload["deputy_speakers"] == {"Con": 2, "Lab": 1}
    assert payload["rows"][0]["working_majority"] == 87


def test_govern_seats_take_the_pair_forms_a_poll_takes():
    """--seats reads pairs as --poll and turnout --split do (one reader, read_pairs): spaces,
    commas, '=' and full party names; names outside the vocabulary stay as written."""
    args = ["govern", "--view", "power", "-f", "csv", "--seats"]
    forms = (
        "Lab=411,Con=121,LD=72,Other=46",
        "Lab 411, Con 121, LD 72, Other 46",
        "Labour 411 Conservative 121 LD 72 Other 46",
    )
    outputs = [runner.invoke(app, [*args, form]) for form in forms]
    assert all(result.exit_code == 0 for result in outputs), [r.output for r in outputs]
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    for bad, needle in (("Lab 4.5", "whole number"), ("Lab 3 Lab 4", "twice"), ("Lab x", "near")):
        result = runner.invoke(app, [*args, bad])
        assert result.exit_code == 2 and needle in result.stderr, result.stderr


def test_govern_refuses_an_election_and_seats_together():
    """Both an election and --seats: refused, not one of them silently dropped."""
    result = runner.invoke(app, ["govern", "2024", "--seats", "Lab=300,Con=200"])
    assert result.exit_code == 2 and "not both" in result.stderr


def test_an_arrangement_asked_for_that_is_already_listed_is_listed_once():
    """2010's Con + LD coalition is a default row; asking for it again does not repeat it."""
    result = runner.invoke(app, ["govern", "2010", "--coalition", "Con+LD", "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert rows.count("Con + LD (coalition)") == 1


def test_a_party_named_twice_in_an_arrangement_is_refused_as_a_bloc_is():
    """--coalition Lab+Lab was assessed as Lab alone, exit 0: a party named twice in one
    arrangement (as itself or by another name, in a coalition or a confidence-and-supply
    arrangement) is refused in one line, as ``pact --bloc Lab,Lab`` refuses it."""
    for args, message in [
        (["--coalition", "Lab+Lab"], "error: Lab is in the coalition twice; name each party once."),
        (["--coalition", "Con+Con+LD"], "Con is in the coalition twice"),
        (["--coalition", "Lab+Labour"], "Lab is in the coalition twice ('Labour' is 'Lab')"),
        (["--confidence-supply", "Lab:SNP+Lab"], "Lab is in the confidence-and-supply"),
        (["--confidence-supply", "Lab:SNP+SNP"], "SNP is in the confidence-and-supply"),
    ]:
        refused = runner.invoke(app, ["govern", "2024", *args])
        assert refused.exit_code == 2 and refused.stdout == "", refused.output
        assert message in refused.stderr and len(refused.stderr.splitlines()) == 1


def test_seats_of_canadian_parties_use_canadas_house():
    """--seats with Canadian parties: Canada's rules (the Speaker set aside from the largest
    party, assumed; no Deputy Speakers), not Westminster's three deputies."""
    seats = "LPC 160 CPC 119 BQ 32 NDP 25 GPC 2"
    payload = command_json("govern", "--seats", seats)
    assert payload["n_seats"] == 338 and payload["nominal_majority"] == 170
    assert payload["deputy_speakers"] == {} and payload["working_threshold"] == 169
    assert (payload["speaker_from"], payload["speaker_assumed"]) == ("LPC", True)
    assert "the Speaker (LPC 1, assumed from the largest party)" in payload["headline"][0]
    bundled = command_json("govern", "canada-2021")
    assert bundled["working_threshold"] == payload["working_threshold"]
    assert (bundled["speaker_from"], bundled["speaker_assumed"]) == ("LPC", False)


def test_govern_canada_2021_counts_the_speaker_out_of_the_liberal_votes():
    """The text, the arrangements table and the JSON agree: 337 MPs vote, 169 is a working
    majority, the LPC has 159 votes and LPC + NDP 184, a working majority of 31."""
    text = runner.invoke(app, ["govern", "canada-2021", "--view", "arrangements"])
    assert text.exit_code == 0, text.output
    assert "337 MPs vote (not voting: the Speaker (LPC 1)), so a working majority needs 169" in (
        text.output
    )
    assert "less than a working majority (159 voting, 169 needed, 10 short)" in text.output
    assert "a working majority of 31 (184 voting to 153)" in text.output
    rows = command_json("govern", "canada-2021")
    by_label = {row["arrangement"]: row for row in rows["rows"]}
    alone = by_label["LPC"]
    backed = by_label["LPC + NDP (NDP on confidence and supply)"]
    assert (alone["seats"], alone["votes"], alone["threshold"]) == (160, 159, 169)
    assert (backed["seats"], backed["votes"], backed["working_majority"]) == (185, 184, 31)
    assert rows["n_voting"] == 337 and rows["speaker"] == 1


def test_a_made_up_canadian_house_sets_no_speaker_aside():
    """As with the Deputy Speakers, a House under SMALL_HOUSE seats is a plain vote: a chair
    filled from the benches belongs to a full House."""
    payload = command_json("govern", "--seats", "LPC=5,CPC=3")
    assert payload["speaker"] == 0 and payload["speaker_from"] is None
    assert payload["n_voting"] == payload["n_seats"] == 8


def test_seats_given_by_canadian_party_names_read_as_canadas_parties():
    """--seats "Conservative=..." beside the Liberals and the Bloc is the CPC, as its code is:
    the country is worked out before the names are read."""
    size = ("--house-size", "343")  # the House elected in 2025
    by_code = command_json("govern", "--seats", "LPC=169,CPC=144,BQ=22,NDP=7,GPC=1", *size)
    by_name = command_json(
        "govern", "--seats", "Liberal=169,Conservative=144,Bloc=22,NDP=7,Green=1", *size
    )
    assert by_name == by_code


def test_abstainers_default_to_the_countrys_not_sinn_fein_everywhere():
    """Without --abstain the country's rule applies: Sinn Féin in a UK House, nobody in a
    Canadian one (so an 'SF' label among Canadian parties votes); 'none' clears the UK list."""
    canadian = "LPC 160 CPC 119 BQ 32 NDP 25 SF 2"
    payload = command_json("govern", "--seats", canadian)
    assert payload["abstentionists"] == {}
    assert payload["n_voting"] == payload["n_seats"] - payload["speaker"] == 337
    uk = command_json("govern", "2017")
    assert uk["abstentionists"] == {"SF": 7}
    cleared = command_json("govern", "2017", "--abstain", "none")
    assert cleared["abstentionists"] == {}
    assert cleared["n_voting"] == uk["n_voting"] + 7


def test_arrangements_name_parties_as_their_house_does():
    """--coalition and --confidence-supply read names against the House: Canadian names in a
    Canadian House, made-up labels in a --seats House (no longer refused as unknown)."""
    args = ["govern", "canada-2021", "-f", "csv", "-c", "Liberal+Green"]
    result = runner.invoke(app, [*args, "--confidence-supply", "Conservative:Bloc"])
    assert result.exit_code == 0, result.output
    rows = {row["arrangement"] for row in csv.DictReader(io.StringIO(result.stdout))}
    assert {"LPC + GPC", "CPC + BQ (BQ on confidence and supply)"} <= rows
    toy = runner.invoke(app, ["govern", "--seats", "A=4,B=3,C=2", "-c", "A+B", "-f", "csv"])
    assert toy.exit_code == 0, toy.output
    assert "A + B" in {row["arrangement"] for row in csv.DictReader(io.StringIO(toy.stdout))}
    unknown = runner.invoke(app, ["govern", "2017", "-c", "Lab+Greem"])
    assert unknown.exit_code == 2 and "Unknown party 'Greem'" in unknown.stderr, unknown.stderr
    assert "Did you mean 'Green'" in unknown.stderr


def test_a_coalition_is_read_as_every_list_of_parties_is_read():
    """--coalition and --confidence-supply read their lists with the one reader of a list of
    parties (:func:`psephos.model.split_parties`): 'Lab,LD' and 'Lab; LD' are 'Lab+LD'."""

    def csv_for(coalition: str, supply: str) -> str:
        args = ["govern", "2017", "-f", "csv", "--coalition", coalition]
        result = runner.invoke(app, [*args, "--confidence-supply", supply])
        assert result.exit_code == 0, result.output
        return result.stdout

    plus = csv_for("Lab+LD", "Lab:SNP+PC")
    assert "\nLab + LD," in plus and "\nLab + SNP + PC (" in plus
    for coalition, supply in [("Lab,LD", "Lab:SNP,PC"), ("Lab; LD", "Lab:SNP; PC")]:
        assert csv_for(coalition, supply) == plus


def test_a_coalition_written_with_spaces_and_and_is_a_list_of_parties():
    """--coalition "Conservatives and DUP" is Con+DUP, not one unknown party."""

    def csv_for(coalition: str) -> str:
        result = runner.invoke(app, ["govern", "2017", "-f", "csv", "--coalition", coalition])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "\nCon + DUP," in csv_for("Con+DUP")
    assert csv_for("Conservatives and DUP") == csv_for("Con+DUP")


def test_a_tie_for_largest_party_is_a_note_not_a_silent_choice() -> None:
    """A dead heat (Lab 300, Con 300 in a House of 600) is not read as Con commanding the House
    unsaid: the note names the tie, the party taken and the option that takes another; a side
    given needs none."""
    payload = command_json("govern", "--seats", "Lab 300 Con 300", "--house-size", "600")
    (note,) = [note for note in payload["notes"] if "tie for the largest party" in note]
    assert note.startswith("Con and Lab tie for the largest party on 300 seats; psephos takes Con")
    assert note.endswith("give the government side (--government-side) to take another.")
    chosen = command_json(
        "govern", "--seats", "Lab 300 Con 300", "--house-size", "600", "--government-side", "Lab"
    )
    assert not [note for note in chosen["notes"] if "tie for the largest party" in note]


def test_a_seat_won_by_lot_is_noted_by_govern_as_by_results(tmp_path) -> None:
    """The majority of a file whose tied seat psephos counts for the first party says so."""
    tied = tmp_path / "tie.csv"
    tied.write_text(
        "seat_code,seat_name,party,votes\n1,A,Liberal,100\n1,A,Conservative,90\n"
        "2,B,Conservative,100\n2,B,Liberal,90\n3,C,Liberal,100\n3,C,Conservative,100\n",
        encoding="utf-8",
    )
    payload = command_json("govern", str(tied))
    results = command_json("results", str(tied))
    assert payload["notes"] == results["close_calls"] != []
    assert "C: tie between LPC and CPC on 100 votes" in payload["notes"][0]


def test_govern_refuses_a_house_too_large_in_one_line() -> None:
    result = runner.invoke(app, ["govern", "--seats", "Con 3170000000 Lab 5"])
    assert result.exit_code == 2
    assert "--seats 'Con 3170000000 Lab 5' makes a House of 3,170,000,005 seats" in result.output
    assert "--sims" not in result.output


def test_seats_short_of_the_countrys_house_are_refused_saying_how_to_give_the_rest() -> None:
    """Three UK parties' 560 seats were counted as a House of 560, where Lab's 300 is a
    majority; in the Commons' 650 it is 26 short. Refused in one line naming the total, the
    House and how to give the rest or another House size; either is then counted."""
    result = runner.invoke(app, ["govern", "--seats", "Lab 300 Con 200 LD 60"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: --seats 'Lab 300 Con 200 LD 60' adds up to 560 seats, fewer than the 650 of "
        "the UK House: give every party, or 'Other 90' for the rest (for a House of 560 "
        "seats, --house-size 560)."
    )
    whole = command_json("govern", "--seats", "Lab 300 Con 200 LD 60 Other 90")
    assert (whole["n_seats"], whole["rows"][0]["short_of_nominal"]) == (650, 26)
    smaller = command_json("govern", "--seats", "Lab 300 Con 200 LD 60", "--house-size", "560")
    assert smaller["n_seats"] == 560 and smaller["rows"][0]["short_of_nominal"] == 0
    canada = runner.invoke(app, ["govern", "--seats", "LPC 150 CPC 100"])
    assert canada.exit_code == 2 and "fewer than the 338 of the Canadian House" in canada.stderr
    for args, needle in (
        (["--seats", "Lab 300 Con 200", "--house-size", "600"], "not the 600 of --house-size"),
        (["2017", "--house-size", "650"], "give it with --seats"),
    ):
        refused = runner.invoke(app, ["govern", *args])
        assert refused.exit_code == 2 and needle in refused.stderr, refused.output


def test_seats_above_the_countrys_house_or_two_speakers_are_refused() -> None:
    """A UK House of 655 seats was counted as given, moving the majority line to 328, and
    'Speaker 2' printed "the Speaker (2)": both are typos, refused in one line as a House
    short of 650 is; --house-size takes a House of another size."""
    seats = "Con 317 Lab 262 SNP 35 LD 12 DUP 10 SF 7 PC 4 Green 1 Ind 1 Speaker 1 Other 5"
    result = runner.invoke(app, ["govern", "--seats", seats])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: --seats '{seats}' adds up to 655 seats, 5 more than the 650 of the UK House: "
        "check the counts (for a House of 655 seats, --house-size 655)."
    )
    larger = command_json("govern", "--seats", seats, "--house-size", "655")
    assert (larger["n_seats"], larger["nominal_majority"]) == (655, 328)
    two = "Con 317 Lab 262 SNP 35 LD 12 DUP 10 SF 7 PC 4 Green 1 Ind 1 Speaker 2"
    for args in (["--seats", two], ["--seats", two, "--house-size", "651"]):
        refused = runner.invoke(app, ["govern", *args])
        assert refused.exit_code == 2
        assert "gives Speaker 2; a House has one Speaker" in refused.stderr, refused.output


def test_seats_without_a_speaker_are_noted_and_a_house_of_its_own_takes_no_deputies() -> None:
    """A UK House given without its Speaker was counted silently as 640 voting MPs; a made-up
    House of 100 (A, B, C) lost three Westminster Deputy Speakers; a UK House of another size
    took them without a word. Now: a note for the missing Speaker, no deputies for a House of
    no country's parties, and a note where the country's deputies are assumed."""
    no_speaker = command_json(
        "govern", "--seats", "Con 318 Lab 262 SNP 35 LD 12 DUP 10 SF 7 PC 4 Green 1 Ind 1"
    )
    assert no_speaker["speaker"] == 0
    assert any(
        "--seats gives no Speaker: the UK House always has one" in n for n in no_speaker["notes"]
    )
    whole = command_json(
        "govern", "--seats", "Con 317 Lab 262 SNP 35 LD 12 DUP 10 SF 7 PC 4 Green 1 Ind 1 Speaker 1"
    )
    assert whole["notes"] == []
    own = command_json("govern", "--seats", "A 40 B 35 C 25", "--house-size", "100")
    assert (own["deputy_speakers"], own["n_voting"]) == ({}, 100)
    # parties of no country: no left-right order, said so (no deputies, so none noted)
    assert [note.split(",")[0] for note in own["notes"]] == [
        "psephos knows no left-right order of these parties"
    ]
    smaller = command_json(
        "govern", "--seats", "Lab 300 Con 200 LD 60 Speaker 1", "--house-size", "561"
    )
    assert smaller["deputy_speakers"] == {"Lab": 1, "Con": 2}
    assert smaller["notes"] == [
        "This House of 561 seats takes the UK House's 3 Deputy Speakers (Lab 1, Con 2), who do "
        "not vote; give --deputies-government 0 --deputies-opposition 0 for a House without them."
    ]
    asked = command_json(
        "govern",
        "--seats",
        "Lab 300 Con 200 LD 60 Speaker 1",
        "--house-size",
        "561",
        "--deputies-government",
        "0",
        "--deputies-opposition",
        "0",
    )
    assert (asked["deputy_speakers"], asked["notes"]) == ({}, [])


def test_a_party_without_seats_is_named_as_typed_not_as_its_code() -> None:
    """'UKIP' in 2017 is read as the code Reform; the refusal said "Party 'Reform' has no
    seats", a party the user never named (on the web too). A government of such parties
    only is refused; beside a party with seats it is counted with 0, under its 2017 name."""
    result = runner.invoke(app, ["govern", "2017", "-c", "UKIP"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Party 'UKIP' has no seats; parties: Con, Lab")
    assert "Reform" not in result.stderr
    counted = runner.invoke(app, ["govern", "2017", "-c", "Con+UKIP"])
    assert counted.exit_code == 0, counted.output
    assert "note: UKIP won no seats in 2017; counted with 0." in counted.stderr
    assert "Reform" not in counted.stderr


def test_a_coalition_naming_no_party_is_refused_as_unknown() -> None:
    """ "Lab+Foo" was refused as "Party 'Foo' has no seats", a party that does not exist:
    it is unknown, with a 'Did you mean' as every reader of a party name gives one."""
    result = runner.invoke(app, ["govern", "2017", "--coalition", "Lab+Foo"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Unknown party 'Foo'; known parties: Con, Lab")
    assert "has no seats" not in result.stderr
    close = runner.invoke(app, ["govern", "2017", "--coalition", "Lab+Gren"])
    assert close.exit_code == 2 and "Did you mean 'Green'?" in close.stderr


def test_a_coalition_with_a_party_that_won_no_seats_is_assessed_with_a_note() -> None:
    """The SDLP won no seats in 2017: a progressive alliance naming it was refused whole; it
    is assessed, the SDLP counted with 0 and a note saying so, in the JSON as on the web."""
    args = ["govern", "2017", "--coalition", "Lab+SNP+LD+PC+Green+SDLP"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "note: SDLP won no seats in 2017; counted with 0." in result.stderr
    payload = command_json(*args)
    assert "SDLP won no seats in 2017; counted with 0." in payload["notes"]
    alliance = next(
        row for row in payload["rows"] if row["arrangement"] == "Lab + SNP + LD + PC + Green"
    )
    assert (alliance["seats"], alliance["short_of_nominal"]) == (314, 12)


POLL = "Lab 30 Con 25 Reform 20 LD 12 Green 8 SNP 3 PC 2"


def test_govern_takes_a_poll_as_project_projects_it() -> None:
    """``govern`` had no --poll: the seats of a poll had to be copied from ``project`` by
    hand. ``govern --poll`` assesses the House the one projection elects, from the latest
    result or ELECTION/--from with --model, the same House as ``project``'s ``govern_seats``
    given to --seats."""
    projected = command_json("project", "--poll", POLL)
    polled = command_json("govern", "--poll", POLL)
    given = command_json("govern", "--seats", projected["govern_seats"])
    assert (polled["base"], polled["model"]) == (projected["base"], projected["model"])
    assert polled["n_seats"] == given["n_seats"] == 650
    assert polled["rows"] == given["rows"]
    assert polled["power"] == given["power"]
    seats = {row["party"]: row["seats"] for row in projected["rows"]}
    assert polled["rows"][0]["seats"] == seats["Lab"]
    older = command_json("govern", "2017", "--poll", "Con 40 Lab 40 LD 8", "-m", "proportional")
    same = command_json(
        "govern", "--from", "2017", "--poll", "Con 40 Lab 40 LD 8", "-m", "proportional"
    )
    base = command_json(
        "project", "--from", "2017", "--poll", "Con 40 Lab 40 LD 8", "-m", "proportional"
    )
    assert older["rows"] == same["rows"] and older["base"] == "2017"
    assert older["rows"][0]["seats"] == max(row["seats"] for row in base["rows"])


def test_govern_refuses_a_poll_with_seats_and_a_base_given_twice() -> None:
    for args, needle in (
        (["--seats", "Con 300 Lab 350", "--poll", "Con 40"], "Give --seats or --poll"),
        (["2017", "--from", "2019", "--poll", "Con 40"], "ELECTION (2017) or --from (2019)"),
        (["--from", "2019"], "give it with --poll"),
        (["--poll", "Con 40 Labr 30"], "Did you mean 'Lab'"),
    ):
        refused = runner.invoke(app, ["govern", *args])
        assert refused.exit_code == 2 and needle in refused.stderr, refused.output
