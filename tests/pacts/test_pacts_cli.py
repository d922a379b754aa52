"""``psephos pact`` through the Typer runner."""

from __future__ import annotations

import csv
import io
import json
import re

import numpy as np
import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.cli import app
from psephos.numbers import format_number

runner = CliRunner()

#: A chance as a table writes it: 38%, about 1 in 2,500, effectively zero.
CHANCE = r"\d+(\.\d+)?%|about 1 in [\d,.]+( million)?|less than 1 in a billion|effectively zero"


def test_pact_simulate_json():
    payload = command_json(
        "pact",
        "2019",
        "--bloc",
        "Lab,LD,Green",
        "--stand-down",
        "LD:Kensington",
        "--stand-down",
        "Green:E14000887",
        "--transfer",
        "LD>Lab=0.3",  # the old illustrative default; the estimated LD -> Lab is ~0
    )
    assert payload["bloc_gain"] == 1.0
    assert payload["n_stand_downs"] == 2
    ledger = {row["seat_name"]: row for row in payload["ledger"]}
    assert ledger["Kensington"]["winner_after"] == "Lab"
    bloc_row = payload["bloc_total"]
    assert bloc_row["party"].startswith("bloc:") and bloc_row["change"] == 1.0
    assert not any(row["party"].startswith("bloc:") for row in payload["rows"])


def test_pact_files_hold_party_rows_only():
    """The seat CSV ended with a 'bloc: Lab + LD + Green + PC' row, so summing it by party
    counted the bloc twice: CSV rows are parties only, the JSON's bloc total is its
    ``bloc_total`` (and its summary's ``bloc_seats_before``/``after``), and the table still
    ends with the bloc's row."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green,PC"]
    result = runner.invoke(app, [*args, "-f", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and not any(row["party"].startswith("bloc:") for row in rows)
    assert sum(int(row["seats_before"]) for row in rows) == 650
    payload = command_json(*args)
    assert [row["party"] for row in payload["rows"]] == [row["party"] for row in rows]
    total = payload["bloc_total"]
    assert total["party"] == "bloc: Lab + LD + Green + PC"
    assert total["seats_before"] == payload["bloc_seats_before"]
    assert total["seats_after"] == payload["bloc_seats_after"]
    table = runner.invoke(app, [*args, "--view", "seats"], terminal_width=400)
    assert "bloc: Lab + LD + Green + PC" in table.stdout


def test_the_bloc_is_read_as_every_list_of_parties_is_read():
    """--bloc reads its list with the one reader (:func:`psephos.model.split_parties`):
    'Lab+LD' (the coalition notation) and 'Lab; LD' are 'Lab,LD'."""
    comma = command_json("pact", "2019", "--bloc", "Lab,LD")
    assert comma["bloc"] == ["Lab", "LD"]
    for written in ("Lab+LD", "Lab; LD", "Lab > LD"):
        assert command_json("pact", "2019", "--bloc", written) == comma


def test_pact_refuses_a_party_twice_in_the_bloc():
    result = runner.invoke(app, ["pact", "2024", "--bloc", "Lab,Labour"])
    assert result.exit_code != 0
    assert "Lab is in the bloc twice ('Labour' is 'Lab')" in result.output


def test_pact_optimise_csv_respects_limit():
    result = runner.invoke(
        app,
        [
            "pact",
            "2019",
            "--bloc",
            "Lab,LD,Green,PC",
            "--optimise",
            "--max-per-party",
            "3",
            "--view",
            "ledger",
            "-f",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))  # its notes on stderr
    assert rows
    for party in ("Lab", "LD", "Green", "PC"):
        assert sum(1 for r in rows if r["party"] == party) <= 3


def test_pact_table_output_and_transfer_override(tmp_path):
    stand_file = tmp_path / "stand.csv"
    stand_file.write_text("party,seat\nLD,Kensington\n", encoding="utf-8")
    result = runner.invoke(
        app,
        [
            "pact",
            "2019",
            "--bloc",
            "Lab,LD",
            "--stand-down-file",
            str(stand_file),
            "--transfer",
            "LD>Lab=0.0",
        ],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    assert "1 stand-down; bloc seats 213 -> 213 (+0)" in result.output


def test_pact_with_draws_file(tmp_path):
    election = psephos.load("2019")
    draws = np.repeat(election.shares()[None], 3, axis=0)
    path = tmp_path / "draws.npy"
    np.save(path, draws)
    payload = command_json(
        "pact",
        "2019",
        "--bloc",
        "Lab,LD",
        "--draws",
        str(path),
        "--optimise",
        "--objective",
        "majority",
        "--majority",
        "214",
    )
    assert payload["n_draws"] == 3
    assert payload["p_bloc_majority_after"] == 1.0


@pytest.mark.parametrize(
    "args",
    [
        ["pact", "2019", "--bloc", "Lab,Foo"],
        ["pact", "2019", "--bloc", "Lab", "--stand-down", "LD"],
        ["pact", "2019", "--bloc", "Lab", "--transfer", "LD=0.3"],
        ["pact", "2019", "--bloc", "Lab", "--optimise", "--objective", "majority"],
    ],
)
def test_pact_user_errors(args):
    result = runner.invoke(app, args)
    assert result.exit_code != 0


def test_pact_help_lists_options():
    result = runner.invoke(app, ["pact", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for option in (
        "--bloc",
        "--stand-down",
        "--transfer",
        "--draws",
        "--optimise",
        "--max-per-party",
        "--fairness",
        "--objective",
        "--format",
    ):
        assert option in result.output


def test_pact_optimise_nation_and_per_party_limits():
    payload = command_json(
        "pact",
        "2019",
        "--bloc",
        "Lab,LD,Green",
        "--optimise",
        "--nation",
        "England",
        "--max-per-party",
        "Lab=1,LD=2,Green=3",
    )
    per_party = payload["stand_downs_per_party"]
    assert per_party["Lab"] <= 1 and per_party["LD"] <= 2 and per_party["Green"] <= 3
    assert all(s["seat"].startswith("E") for s in payload["stand_downs"])
    bad = runner.invoke(app, ["pact", "2019", "--bloc", "LD", "--optimise", "--nation", "Walse"])
    assert bad.exit_code != 0
    bad = runner.invoke(app, ["pact", "2019", "--bloc", "LD", "--optimise", "--max-per-party", "x"])
    assert bad.exit_code != 0


def test_pact_on_a_poll_projection_in_probabilities():
    """--poll projects the base first; --sims draws forecast scenarios around it."""
    args = [
        "pact",
        "2019-notional-2024",
        "--bloc",
        "Lab,LD",
        "--poll",
        "Lab 30 Con 27 Reform 17 LD 12 Green 7",
        "--stand-down",
        "Lab:Esher and Walton",
    ]
    fixed_payload = command_json(*args)
    # the projection, not the notional result, is the starting point
    notional = psephos.load("2019-notional-2024").seats_won()
    before = {row["party"]: row["seats_before"] for row in fixed_payload["rows"]}
    assert before["Lab"] != notional["Lab"]
    drawn_args = [*args, "--sims", "200", "--seed", "4", "-f", "json"]
    drawn = runner.invoke(app, drawn_args)
    assert drawn.exit_code == 0, drawn.output
    payload = json.loads(drawn.stdout)
    assert payload["n_draws"] == 200
    seats = {row["party"]: row["seats_before"] for row in payload["rows"]}
    assert any(abs(v - round(v)) > 1e-9 for v in seats.values())  # expectations, not counts
    again = runner.invoke(app, drawn_args)
    assert again.stdout == drawn.stdout


def test_pact_draws_and_sims_together_is_an_error(tmp_path):
    path = tmp_path / "d.npy"
    np.save(path, np.repeat(psephos.load("2019").shares()[None], 2, axis=0))
    result = runner.invoke(
        app, ["pact", "2019", "--bloc", "Lab", "--draws", str(path), "--sims", "10"]
    )
    assert result.exit_code == 2
    assert "not both" in result.stderr


def test_pact_draws_that_are_not_draws_are_one_line(tmp_path):
    """A text file, pickled objects, an .npz archive, an empty file or a folder given to
    --draws: exit code 2 and one line saying what a draws file is (was an internal error, an
    'aborted' with code 130, or 'No draws file' for a folder); nothing is unpickled."""
    text = tmp_path / "plan.csv"
    text.write_text("seat,party\nA,Lab\n")
    pickled = tmp_path / "objects.npy"
    np.save(pickled, np.array([{"Lab": 1}], dtype=object), allow_pickle=True)
    archive = tmp_path / "draws.npz"
    np.savez(archive, draws=np.zeros((2, 3, 4)))
    empty = tmp_path / "empty.npy"
    empty.write_bytes(b"")
    for path in (text, pickled, archive, empty, tmp_path):
        result = runner.invoke(app, ["pact", "2019", "--bloc", "Lab,LD", "--draws", str(path)])
        assert result.exit_code == 2, (path, result.stderr)
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and repr(str(path)) in lines[0], lines
        wanted = "is a folder, not a file" if path.is_dir() else "is not a NumPy .npy file"
        assert wanted in lines[0], lines


def test_pact_says_when_a_stand_down_changes_nothing():
    """Plaid did not stand in Kensington and the TUV stood nowhere in 2019: a note says so
    instead of a silent '0 stand-downs'."""
    args = ["pact", "2019", "--bloc", "Lab,PC,TUV", "-s", "PC:Kensington", "--view", "seats"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "PC did not stand in Kensington" in result.stderr
    assert "TUV stood in no seat of 2019" in result.stderr


def test_pact_ledger_with_draws_prints_votes_given_up(tmp_path):
    """With draws the ledger's votes given up are votes, as without (it printed 0: the mean
    share under a votes format). The draws are the result's own: each party's strongest
    candidate's share of the votes counted, as the simulator draws around a result."""
    election = psephos.load("2019")
    path = tmp_path / "draws.npy"
    contest = election.contest_shares()
    np.save(path, np.repeat((contest / contest.sum(axis=1, keepdims=True))[None], 3, axis=0))
    args = ["pact", "2019", "--bloc", "Lab,LD", "-s", "LD:Kensington", "--view", "ledger"]
    plain = runner.invoke(app, [*args, "-f", "csv"])
    drawn = runner.invoke(app, [*args, "--draws", str(path), "-f", "csv"])
    assert plain.exit_code == drawn.exit_code == 0, drawn.output
    (plain_row,) = csv.DictReader(io.StringIO(plain.stdout))
    (drawn_row,) = csv.DictReader(io.StringIO(drawn.stdout))
    votes = float(plain_row["votes_given_up"])
    assert votes > 1000
    assert float(drawn_row["votes_given_up"]) == pytest.approx(votes)
    table = runner.invoke(app, [*args, "--draws", str(path)])
    assert table.exit_code == 0, table.output
    assert format_number(votes, ",.0f") in table.stdout


def test_pact_refuses_stand_downs_with_the_optimiser(tmp_path):
    """--stand-down or --stand-down-file with --optimise is refused as the web refuses them
    (they were silently ignored), before any draws are made."""
    path = tmp_path / "stand_downs.csv"
    path.write_text("party,seat\nLD,Bath\n")
    for extra, named in (
        (["-s", "LD:Bath"], "--stand-down"),
        (["--stand-down-file", str(path)], "--stand-down-file"),
    ):
        args = ["pact", "2019", "--bloc", "Lab,LD", "--optimise", "--sims", "1000000", *extra]
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert (
            "The optimiser chooses the stand-downs itself; leave out "
            f"{named}, or --optimise." in result.stderr
        )


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Con,Bath", "Con is not in the bloc"),
        ("LD,Nowhere Town", "No constituency 'Nowhere Town'"),
        ("Labr,Bath", "Party 'Labr' is not in election"),
    ],
)
def test_a_bad_stand_down_file_row_is_named_by_the_file_and_row(tmp_path, row, message):
    """A mistake in the stand-down file names the file and its row, not --stand-down (which
    was not given); the option's own mistakes still quote it."""
    path = tmp_path / "pact.csv"
    path.write_text(f"party,seat\nLD,Bath\n\n{row}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["pact", "2024", "--bloc", "Lab,LD,Green", "--stand-down-file", str(path)]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: stand-down file 'pact.csv' row 4: {message}")
    item = row.replace(",", ":")
    option = runner.invoke(app, ["pact", "2024", "--bloc", "Lab,LD,Green", "--stand-down", item])
    assert option.exit_code == 2
    assert option.stderr.startswith(f"error: --stand-down {item}: {message}")


#: The tester's stand-down file: five bad rows among good ones, the schema's (a blank seat or
#: party) after the election's (a misspelt seat, a party outside the bloc).
BAD_STAND_DOWNS = (
    "party,seat\nGreen,Central Devon\nLD,Central Devon\ngreen,havant\nGreen,Havnt\nCon,Bath\n"
    "Green,\n,Bath\nGreen,Central Devon\nReform,Clacton\n"
)


def test_every_bad_row_of_a_stand_down_file_is_named_at_once_in_row_order(tmp_path):
    """It took five runs to find five bad rows (row 7 before row 5): the file's rows are all
    checked, as the volunteer reader checks its rows, and named in one error."""
    path = tmp_path / "sd.csv"
    path.write_text(BAD_STAND_DOWNS, encoding="utf-8")
    result = runner.invoke(
        app, ["pact", "2024", "--bloc", "Lab,LD,Green", "--stand-down-file", str(path)]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        "error: The stand-down file 'sd.csv' has 5 bad rows: row 5: No constituency 'Havnt' in "
        "election '2024'. Did you mean 'Havant'? row 6: Con is not in the bloc (Lab, LD, "
        "Green); add it to --bloc or stand down a bloc party. row 7: seat: missing. row 8: "
        "party: missing. row 10: Reform is not in the bloc (Lab, LD, Green); add it to --bloc "
        "or stand down a bloc party.\n"
    )


def test_pact_without_draws_counts_seats_and_says_the_majority_in_words():
    """One result (no draws): seats are whole numbers, in the JSON too, and the majority is
    had or not; with draws, expectations and a chance."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green", "--view", "seats"]
    result = runner.invoke(app, args, terminal_width=200)
    assert result.exit_code == 0, result.output
    payload = command_json(*args)
    before, after = round(payload["bloc_seats_before"]), round(payload["bloc_seats_after"])
    assert isinstance(payload["bloc_seats_before"], int) and payload["n_draws"] == 1
    assert isinstance(payload["rows"][0]["seats_before"], int)
    sentence = next(line for line in result.stdout.splitlines() if "bloc seats" in line)
    assert f"bloc seats {before} -> {after} ({after - before:+d}); " in sentence
    assert "no bloc majority before or after the pact (326 seats needed)" in sentence
    assert "chance of a bloc majority" not in sentence
    lab = next(line for line in result.stdout.splitlines() if line.startswith("│ Lab "))
    assert ".0" not in lab and f"{round(payload['rows'][0]['seats_before'])}" in lab
    drawn = runner.invoke(app, [*args, "--sims", "20", "--seed", "1"], terminal_width=200)
    assert drawn.exit_code == 0, drawn.output
    drawn_sentence = " ".join(drawn.stdout.split())
    assert "expected bloc seats" in drawn_sentence
    # the chance of a majority in words, as forecast writes one, never a bare 0.000
    counted_chance = r"(\d+%|about 1 in [\d,.]+( million)?|0 of 20 draws|all 20 draws)"
    assert re.search(
        rf"over 20 draws; chance of a bloc majority of 326: {counted_chance} before, "
        rf"{counted_chance} after the pact",
        drawn_sentence,
    ), drawn_sentence
    assert "0.000" not in drawn_sentence


def test_pact_ledger_without_draws_says_who_won_in_words():
    """One result: the ledger's win chances are certain outcomes, printed as "won" or "lost"
    and the bloc's gain in words, not 0.00 / 1.00; the JSON keeps the numbers; with draws
    the table prints chances."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green", "-s", "Lab:Bath", "-s", "LD:Kensington"]
    args += ["--view", "ledger"]
    result = runner.invoke(app, args, terminal_width=300)
    assert result.exit_code == 0, result.output
    ledger = command_json(*args)["ledger"]
    assert len(ledger) == 2 and isinstance(ledger[0]["bloc_win_prob_before"], float)
    gain_words = {1: "gained", 0: "no change", -1: "lost"}
    for row in ledger:
        line = next(line for line in result.stdout.splitlines() if row["seat_code"] in line)
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        assert cells[-6] == ("won" if row["own_win_prob_given_up"] else "lost")
        assert cells[-3] == ("won" if row["bloc_win_prob_before"] else "lost")
        assert cells[-2] == ("won" if row["bloc_win_prob_after"] else "lost")
        assert cells[-1] == gain_words[round(row["bloc_gain"])]
        assert "0.00" not in line and "1.00" not in line
    drawn = runner.invoke(app, [*args, "--sims", "20", "--seed", "1"], terminal_width=300)
    assert drawn.exit_code == 0, drawn.output
    bath = next(line for line in drawn.stdout.splitlines() if "E14000547" in line)
    assert "won" not in bath and "." in bath.split("│")[-2]


def test_the_title_names_the_bloc_by_its_codes_as_read() -> None:
    """A bloc typed in words ("lab ld green", "Labour, Liberal Democrats") is named in the
    title by the parties it was read as, not as typed."""
    for typed, named in (("lab ld green", "Lab + LD + Green"), ("Labour, Lib Dems", "Lab + LD")):
        result = runner.invoke(app, ["pact", "2024", "--bloc", typed], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        assert f"UK general election 2024: bloc {named}, the best-placed bloc" in result.stdout


def test_pact_prints_who_could_govern_after_it() -> None:
    """Under its headline the command says what the House after the pact means for who
    governs, in ``project``'s sentences led by "After the pact, ", and its JSON headline
    carries them."""
    args = ["pact", "2017", "--bloc", "Lab,LD,Green", "--view", "seats"]
    result = runner.invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    after = lines.index(
        "After the pact, hung parliament: no party has the 326 seats a majority needs."
    )
    assert lines[after + 1].startswith("Con, with ")
    headline = command_json(*args)["headline"]
    assert headline[1:] == lines[after : after + 2]


def test_pact_optimise_says_the_solve_in_words():
    """The optimiser's line names the solve and the stand-downs per party in words, not the
    solver's message or a Python dict ("{'Lab': 3, ...}")."""
    result = runner.invoke(
        app, ["pact", "2019", "--bloc", "Lab,LD,Green,PC", "--optimise", "--max-per-party", "3"]
    )
    assert result.exit_code == 0, result.output
    line = next(text for text in result.stdout.splitlines() if text.startswith("Optimiser:"))
    assert line.startswith(
        "Optimiser: maximising the bloc's expected seats; limits: at most 3 stand-downs per "
        "party; the best plan (proven); stand-downs per party Lab "
    )
    assert "{" not in line and "HiGHS" not in line and "Optimization" not in line


def test_pact_optimise_names_its_objective_and_every_limit():
    """The line said "the best plan (proven)" without saying what was maximised or under which
    limits; the JSON carries them as data too."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green,PC", "--optimise", "--nation", "England"]
    args += ["--nation", "Wales", "--max-per-party", "Lab=1", "--max-total", "4"]
    args += ["--fairness", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    line = next(text for text in result.stdout.splitlines() if text.startswith("Optimiser:"))
    assert line.startswith(
        "Optimiser: maximising the bloc's expected seats; limits: per-party stand-downs at "
        "most Lab 1, at most 4 stand-downs in all, only in England and Wales, no bloc party "
        "below its seats without the pact; the best plan (proven); "
    )
    payload = command_json(*args)
    assert payload["objective_text"] == "the bloc's expected seats"
    assert payload["limits"] == {
        "max_per_party": {"Lab": 1},
        "max_total": 4,
        "fairness": 0,
        "allowed_seats": 573,
        "nations": ["England", "Wales"],
    }
    assert not payload["approximate"]
    free = command_json("pact", "2019", "--bloc", "Lab,LD,Green,PC", "--optimise")
    assert "; limits: none; " in free["headline"][1]


def test_pact_notes_name_a_party_as_the_election_does():
    """The Reform code is UKIP in 2015: a stand-down where it did not stand is noted so."""
    label = psephos.load("2015").label("Reform")
    args = ["pact", "2015", "--bloc", "Lab,Reform", "-s", "Reform:Belfast East", "--view", "seats"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert f"{label} did not stand in Belfast East" in result.stderr
    assert "Reform did not stand" not in result.stderr


def test_pact_ledger_writes_shares_chances_and_their_changes_as_people_read_them():
    """The ledger printed the share given up as 0.145 and, over draws, chances as 0.94 and
    their change as +0.02: a share is a percentage (as the web's ledger writes it), a chance
    as ``target`` writes one and its change in percentage points, with a legend line for
    each column whose header does not say so; the JSON keeps the fractions."""
    from psephos.columns import legend

    args = ["pact", "2019", "--bloc", "Lab,LD,Green", "-s", "Lab:Bath", "-s", "LD:Kensington"]
    args += ["--view", "ledger", "--sims", "20", "--seed", "1"]
    result = runner.invoke(app, args, terminal_width=300)
    assert result.exit_code == 0, result.output
    ledger = command_json(*args)["ledger"]
    header = next(line for line in result.stdout.splitlines() if line.startswith("┃"))
    columns = [cell.strip() for cell in header.split("┃")[1:-1]]
    for row in ledger:
        line = next(line for line in result.stdout.splitlines() if row["seat_code"] in line)
        cells = dict(zip(columns, (c.strip() for c in line.split("│")[1:-1]), strict=True))
        assert cells["share_given_up"] == format_number(row["share_given_up"], ".1%")
        assert re.fullmatch(CHANCE, cells["bloc_win_prob_after"]), cells["bloc_win_prob_after"]
        assert cells["bloc_gain"].endswith(" pts")
    for line in legend(columns):
        assert " ".join(line.split()) in " ".join(result.stdout.split())
    assert isinstance(ledger[0]["share_given_up"], float) and ledger[0]["share_given_up"] < 1


def test_a_bloc_can_be_named_as_people_name_it():
    """--bloc 'progressive alliance' is the parties of
    :attr:`psephos.jurisdictions.Jurisdiction.named_blocs` that stand in the election: the
    same pact as listing them (2019's Unite to Remain: LD, Green, PC)."""
    listed = command_json("pact", "2024", "--bloc", "Lab,LD,Green,SNP,PC")
    assert command_json("pact", "2024", "--bloc", "the Progressive Alliance") == listed
    remain = command_json("pact", "2019", "--bloc", "Unite to Remain")
    assert remain["bloc"] == ["LD", "Green", "PC"]
    assert command_json("pact", "2019", "--bloc", "LD,Green,PC") == remain
    assert command_json("pact", "2024", "--bloc", "unite-the-right")["bloc"] == ["Con", "Reform"]


@pytest.mark.parametrize("command", ["pact", "tactical"])
def test_a_bloc_another_country_names_is_refused_saying_whose_it_is(command: str) -> None:
    """The named blocs are the UK's: asked of Canada, one is refused saying so and offering
    Canada's default bloc (it read "Party 'progressive alliance' is not in election
    'canada-2021'", as if a party name were misspelt); a misspelt party is refused as before."""
    against = ["--against", "CPC"] if command == "tactical" else []
    arguments = [command, *against, "--bloc", "progressive alliance"]
    arguments += ["--election", "canada-2021"] if command == "tactical" else ["canada-2021"]
    result = runner.invoke(app, arguments)
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: 'progressive alliance' names a bloc of UK parties (Lab, LD, Green, SNP, PC), "
        "none of this election's: list the bloc's parties instead, e.g. LPC, NDP, GPC (a "
        "Canadian pact's default bloc)."
    )
    misspelt = runner.invoke(app, ["pact", "canada-2021", "--bloc", "LPC,XYZ"])
    assert "Party 'XYZ' is not in election 'canada-2021'" in misspelt.stderr


def test_fairness_is_a_number_of_seats_as_on_the_web():
    """--fairness is in seats ("each party must end with at least its no-pact seats minus this
    many"): 5 is taken, as the web takes it (it was refused above 1), and above the House's 650
    seats it is refused in words."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green", "--optimise", "--view", "seats"]
    taken = runner.invoke(app, [*args, "--fairness", "5"])
    assert taken.exit_code == 0, taken.output
    refused = runner.invoke(app, [*args, "--fairness", "651"])
    assert refused.exit_code != 0 and refused.stdout == ""
    assert "--fairness 651 is out of range" in refused.stderr
    assert "from 0 to 650 (the House's seats)" in refused.stderr


def test_every_bloc_party_standing_aside_in_one_seat_is_noted():
    """Labour and the Liberal Democrats both standing aside in Bath leave the bloc no
    candidate there, which the optimiser never chooses: a note names the seat (it passed in
    silence), in the JSON's notes too."""
    args = ["pact", "2019", "--bloc", "Lab,LD", "-s", "Lab:Bath", "-s", "LD:Bath"]
    result = runner.invoke(app, [*args, "--view", "seats"])
    assert result.exit_code == 0, result.output
    assert "note: No bloc party stands in Bath: every bloc party that stood there" in (
        result.stderr
    )
    payload = command_json(*args)
    assert payload["without_bloc"] == [psephos.load("2019").result("Bath").constituency.code]
    one = command_json("pact", "2019", "--bloc", "Lab,LD", "-s", "LD:Bath")
    assert one["without_bloc"] == []
    assert not any(note.startswith("No bloc party") for note in one["notes"])


def test_a_party_standing_aside_in_a_seat_it_won_is_noted_with_its_share():
    """LD in Bath and the Greens in Brighton Pavilion (2019) gave only a "won" cell in the
    ledger: a note names each seat and the share given up; over draws, the chance."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green", "-s", "LD:Bath"]
    plain = runner.invoke(app, [*args, "-s", "Green:Brighton Pavilion", "--view", "seats"])
    assert plain.exit_code == 0, plain.output
    assert "note: LD stands aside in a seat it won: Bath (54.5%)." in plain.stderr
    assert "note: Green stands aside in a seat it won: Brighton, Pavilion (57.2%)." in (
        plain.stderr
    )
    drawn = command_json(*args, "--sims", "20", "--seed", "1")
    assert any(
        re.fullmatch(
            r"LD stands aside in a seat it is likeliest to win: Bath \(wins in "
            r"\d+% of draws\)\.",
            note,
        )
        for note in drawn["notes"]
    )
    other = command_json("pact", "2019", "--bloc", "Lab,LD", "-s", "LD:Kensington")
    assert not any("a seat it won" in note for note in other["notes"])


def test_a_one_party_bloc_says_a_pact_needs_two_parties():
    """--bloc Lab printed "0 stand-downs ... +0" with no word why."""
    result = runner.invoke(app, ["pact", "2019", "--bloc", "Lab", "--view", "seats"])
    assert result.exit_code == 0, result.output
    assert "note: The bloc is one party, Lab: a pact needs two parties or more" in result.stderr


def test_the_pact_names_each_party_by_the_election_s_label():
    """The 2015 Con + UKIP pact printed "bloc Con + Reform" and rows "Reform" (UKIP's code):
    the headline, the seat table and the ledger name the parties as 2015 does; CSV and JSON
    keep each code with its label beside it."""
    args = ["pact", "2015", "--bloc", "Con,UKIP", "--optimise"]
    table = runner.invoke(app, args, terminal_width=400)
    assert table.exit_code == 0, table.output
    assert (
        "UK general election 2015: bloc Con + UKIP, stand-downs chosen by the optimiser."
        in table.stdout
    )
    cells = {cell.strip() for line in table.stdout.splitlines() for cell in line.split("│")}
    assert {"UKIP", "bloc: Con + UKIP"} <= cells
    assert "Reform" not in cells and "bloc: Con + Reform" not in cells
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*args, "-f", "csv"]).stdout)))
    ukip = next(row for row in rows if row["party"] == "Reform")
    assert ukip["party_label"] == "UKIP"
    assert not any(row["party"].startswith("bloc:") for row in rows)  # party rows only
    payload = command_json(*args)
    assert payload["bloc_total"]["party"] == "bloc: Con + Reform"
    assert payload["bloc_total"]["party_label"] == "bloc: Con + UKIP"
    assert {row["party_label"] for row in payload["ledger"]} == {"UKIP"}


def test_pact_json_carries_the_transfer_rates_used():
    """``pact -f json`` left out the transfer rates, the main assumption of a pact study,
    even with ``--view transfers`` (silently ignored): the JSON carries them as
    ``transfers``, the rows ``--view transfers -f csv`` writes with each party's label, the
    overrides applied, and ``--view transfers`` says on stderr where they are."""
    args = ["pact", "2024", "--bloc", "Lab,LD,Green", "--transfer", "Green>Lab=0.5"]
    result = runner.invoke(app, [*args, "--view", "transfers", "-f", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    written = runner.invoke(app, [*args, "--view", "transfers", "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(written.stdout)))
    assert [(row["from"], row["to"], float(row["rate"])) for row in rows] == [
        (row["from"], row["to"], row["rate"]) for row in payload["transfers"]
    ]
    rates = {(row["from"], row["to"]): row for row in payload["transfers"]}
    assert rates[("Green", "Lab")]["rate"] == 0.5
    assert rates[("Green", "Lab")]["from_label"] == "Green"
    assert "the transfer rates used are its 'transfers'" in result.stderr
    assert command_json(*args)["transfers"] == payload["transfers"]


def test_save_draws_writes_the_draws_a_later_run_reads(tmp_path):
    """``--save-draws`` writes the draws ``--sims`` drew; ``--draws`` on that file tries the
    pact on the same draws, so the two runs agree (the pacts page's two commands)."""
    path = tmp_path / "draws.npy"
    drawn = command_json(
        "pact", "2024", "--bloc", "Con,Reform", "--sims", "20", "--seed", "3",
        "--save-draws", str(path),
    )  # fmt: skip
    saved = np.load(path, allow_pickle=False)
    election = psephos.load("2024")
    assert saved.shape == (20, election.n_seats, len(election.parties))
    read = command_json("pact", "2024", "--bloc", "Con,Reform", "--draws", str(path))
    assert read["n_draws"] == drawn["n_draws"] == 20
    assert read["bloc_total"] == drawn["bloc_total"]
    table = runner.invoke(
        app, ["pact", "2024", "--bloc", "Con,Reform", "--sims", "5", "--save-draws", str(path)]
    )
    assert table.exit_code == 0, table.output
    assert f"Draws written to {path} (5 draws)" in table.stdout.replace("\n", "")


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--save-draws", "d.npy"], "give --sims N"),
        (["--sims", "5", "--save-draws", "d.txt"], "must end in .npy"),
        (["--sims", "5", "--save-draws", "nowhere/d.npy"], "folder 'nowhere' does not exist"),
    ],
)
def test_save_draws_refuses_what_it_cannot_write(tmp_path, monkeypatch, arguments, said):
    """One line, before the pact is run: no draws to save, or a name --draws would not read."""
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["pact", "2024", "--bloc", "Con,Reform", *arguments])
    assert result.exit_code != 0
    assert said in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


def test_a_majority_is_checked_against_the_house_it_is_for(tmp_path):
    """``--majority`` follows the House of the election given (the pacts' one check,
    :func:`psephos.pacts.simulate.seats_needed`), not the UK's 650 written into the options'
    table: a majority of 5 in a House of 3 was taken, and one of 700 was refused whatever the
    House."""
    from psephos.bounds import NUMBER_BOUNDS
    from psephos.pacts.simulate import seats_needed

    rows = ["seat_code,seat_name,party,votes"]
    for code, votes in (("X1", (100, 90, 50)), ("X2", (80, 100, 60)), ("X3", (70, 60, 90))):
        parties = zip(("Lab", "Con", "LD"), votes, strict=True)
        rows += [f"{code},Seat {code},{party},{count}" for party, count in parties]
    path = tmp_path / "tiny.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    refused = runner.invoke(app, ["pact", str(path), "--bloc", "Lab,LD", "--majority", "5"])
    assert refused.exit_code != 0 and not refused.stdout
    assert "this House has 3 seats; give a majority from 1 to 3" in refused.stderr
    taken = runner.invoke(app, ["pact", str(path), "--bloc", "Lab,LD", "--majority", "2"])
    assert taken.exit_code == 0, taken.output
    assert NUMBER_BOUNDS["majority"].check(700) is None  # for a House bigger than 650
    uk = psephos.load("2024")
    assert seats_needed(uk, None) == 326 and seats_needed(uk, 650) == 650
    with pytest.raises(psephos.errors.PsephosError, match="this House has 650 seats"):
        seats_needed(uk, 700)


def _floats_have_no_noise(value):
    """Every float in a JSON value, as a file writes it: at most ten significant digits."""
    if isinstance(value, float):
        return value == float(f"{value:.10g}")
    if isinstance(value, dict):
        return all(_floats_have_no_noise(item) for item in value.values())
    if isinstance(value, list):
        return all(_floats_have_no_noise(item) for item in value)
    return True


def test_pact_json_writes_whole_votes_and_seats_as_its_csv_does():
    """The JSON ledger had Ynys Mon's ``10417.999999999998`` votes (the CSV 10418.0) and a
    single result's seats as ``218.0``: on one result votes and seats are whole numbers,
    the same in JSON and CSV."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green,PC", "--optimise"]
    payload = command_json(*args)
    ynys_mon = next(row for row in payload["ledger"] if row["seat_code"] == "W07000041")
    assert ynys_mon["votes_given_up"] == 10418 and isinstance(ynys_mon["votes_given_up"], int)
    assert payload["bloc_seats_before"] == 218 and isinstance(payload["bloc_seats_before"], int)
    seat_columns = ("seats_before", "seats_after", "change", "seats_given_up")
    for row in [*payload["rows"], payload["bloc_total"]]:
        assert all(isinstance(row[key], int) for key in seat_columns), row
    assert all(isinstance(row["bloc_gain"], int) for row in payload["ledger"])
    ledger_csv = runner.invoke(app, [*args, "-f", "csv", "--view", "ledger"])
    assert ledger_csv.exit_code == 0, ledger_csv.output
    by_csv = {row["seat_code"]: row for row in csv.DictReader(io.StringIO(ledger_csv.stdout))}
    for row in payload["ledger"]:
        assert by_csv[row["seat_code"]]["votes_given_up"] == str(row["votes_given_up"])
        assert by_csv[row["seat_code"]]["share_given_up"] == str(row["share_given_up"])


def test_pact_json_over_draws_keeps_expectations_without_float_noise():
    """Over draws seats and votes are expectations: decimals, as a file writes a float."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green,PC", "--optimise", "--sims", "30"]
    payload = command_json(*args, "--seed", "3")
    keys = ("ledger", "rows", "bloc_total", "bloc_seats_before", "bloc_seats_after", "bloc_gain")
    assert _floats_have_no_noise({key: payload[key] for key in keys})
    assert any(isinstance(row["votes_given_up"], float) for row in payload["ledger"])
