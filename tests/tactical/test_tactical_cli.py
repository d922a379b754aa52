"""The tactical commands through the runner, and the real console script for errors."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json, command_result
from psephos.cli import app
from psephos.numbers import format_number

runner = CliRunner()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psephos", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_advise_json() -> None:
    payload = command_json(
        "advise",
        "Hampstead and Kilburn",
        "--prefer",
        "Green,Lab,LD",
        "--against",
        "Con",
        "--election",
        "2019",
        "--sims",
        "400",
    )
    assert payload["name"] == "Hampstead and Kilburn"
    assert {row["party"] for row in payload["rows"]} == {"Green", "Lab", "LD"}
    assert payload["headline"]


def test_advise_json_is_the_library_dict_with_rows_and_notes() -> None:
    """As advise_seat's docstring says: the command prints the dict, its options as rows,
    with the poll's notes."""
    import json
    import warnings

    from psephos.errors import ShareWarning
    from psephos.tactical.api import advise_seat

    question = ("Hampstead and Kilburn", "Green,Lab,LD")
    poll = "Lab 40 Con 20 LD 12 Green 15"
    args = ["--against", "Con", "--election", "next", "--poll", poll, "--sims", "300"]
    printed = command_json("advise", question[0], "--prefer", question[1], *args)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShareWarning)
        answer = advise_seat(*question, against="Con", election="next", poll=poll, n_sims=300)
    notes = list(dict.fromkeys(str(warning.message) for warning in caught))
    assert notes and printed["notes"] == notes
    answer["rows"] = answer.pop("options")
    assert json.loads(json.dumps({**answer, "notes": notes})) == printed


def test_advise_quotes_the_projections_shares_as_project_lists_them() -> None:
    """After a poll, advise's expected shares (the reasoning's first line, the contenders'
    and each option's ``mean_share``) are the projection's point shares, the ones ``project
    --all-seats`` lists for the seat, not the mean of the simulations drawn around them."""
    poll = "Lab 38 Con 20 Reform 17 LD 12 Green 7 SNP 3"
    seat = "Godalming and Ash"
    advice = command_json(
        "advise", seat, "--prefer", "Lab", "--against", "Con", "--poll", poll, "--sims", "300"
    )
    rows = command_json("project", "--poll", poll, "--all-seats")["rows"]
    [projected] = [row for row in rows if row["name"] == seat]
    for row in [*advice["contenders"], *advice["rows"]]:
        assert 100 * row["mean_share"] == pytest.approx(projected[f"{row['party']}_pct"], abs=0.006)
    assert "Labour 8.0%" in advice["reasoning"][0]


def test_advise_table() -> None:
    result = runner.invoke(
        app,
        [
            "advise",
            "Hampstead and Kilburn",
            "--prefer",
            "Green,Lab",
            "--election",
            "2017",
            "--sims",
            "400",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "What each vote does" in result.output


def test_advise_table_shows_no_millionths_a_person_cannot_read() -> None:
    """The table beside the advice names each party as the panel does ("Labour", not the code
    twice) and leaves out expected_gain (millionths of a preference point: 0.000000054), which
    CSV and JSON keep; every number it shows has at most one decimal place (shares and
    chances in percent, tiny chances in words)."""
    options = ["advise", "--postcode", "SW1A 1AA", "-p", "Green > Lab > LD", "--sims", "400"]
    table = runner.invoke(app, options, env={"COLUMNS": "220"})
    assert table.exit_code == 0, table.output
    header = next(line for line in table.stdout.splitlines() if "party_name" in line)
    assert "mean_share" in header and "expected_gain" not in header
    assert "party_label" not in header  # the code again ("Lab"), beside party
    shown = table.stdout.split("What each vote does")[1]
    assert not re.search(r"\d\.\d{2,}", shown)
    (labour,) = [line for line in shown.splitlines() if line.startswith("│ Lab ")]
    assert "│ Labour " in labour
    csv = runner.invoke(app, [*options, "--format", "csv"])
    assert csv.stdout.splitlines()[0].split(",")[:11] == [
        "code",
        "name",
        "party",
        "party_label",
        "party_name",
        "mean_share",
        "win_probability",
        "p_decides_seat",
        "p_decides_government",
        "expected_gain",
        "p_keeps_deposit",
    ]


def test_tactical_bloc_command() -> None:
    payload = command_json("tactical", "--against", "Con", "--election", "2019", "--sims", "300")
    assert len(payload["rows"]) == 650
    assert {row["confidence"] for row in payload["rows"]} <= {"high", "medium", "low"}


def test_tactical_table_writes_each_chance_as_the_web_page_does() -> None:
    """The table's chances are the tactical page's words (psephos.numbers.one_in, its
    ``chance`` filter), cell by cell: never padded to a neighbour's places (99.60% beside
    99%), never 0% or 100% for a chance short of them."""
    from psephos.numbers import one_in

    options = ["tactical", "--against", "Con", "--election", "2019", "--sims", "300"]
    payload = command_json(*options)
    table = runner.invoke(app, options, env={"COLUMNS": "400"})
    assert table.exit_code == 0, table.output
    lines = {
        cells[1]: cells
        for line in table.stdout.splitlines()
        if len(cells := [cell.strip() for cell in re.split("[\u2502\u2503]", line)]) > 10
    }
    columns = ("p_best_placed", "p_pick_wins", "p_bloc_wins", "p_against_wins")
    header = next(cells for cells in lines.values() if cells[1] == "code")
    written = set()
    for row in payload["rows"]:
        cells = lines[row["code"]]
        for column in columns:
            text = cells[header.index(column)]
            assert text == one_in(row[column]), (row["name"], column, text)
            written.add(text)
    assert "0%" not in written
    assert not any(re.fullmatch(r"\d+\.\d*0%", text) for text in written), written


def test_swap_command(tmp_path: Path) -> None:
    offers = tmp_path / "offers.csv"
    offers.write_text(
        "seat,preferred,willing\nPutney,LD,Lab\nPutney,LD,Lab\nRichmond Park,Lab,LD\n"
        "Richmond Park,Lab,LD\n",
        encoding="utf-8",
    )
    payload = command_json("swap", str(offers), "--election", "2019", "--sims", "300")
    assert payload["offers"] == 4
    assert payload["swaps"] == 2
    assert payload["unmatched"] == []


def test_swap_command_lists_the_offers_left_with_the_reason(
    tmp_path: Path, json_and_table: Callable[..., tuple[dict[str, Any], str]]
) -> None:
    offers = tmp_path / "offers.csv"
    offers.write_text(
        "seat,preferred,willing\nPutney,LD,Lab\nRichmond Park,Lab,LD\nBootle,Con,Reform\n",
        encoding="utf-8",
    )
    payload, table = json_and_table(["swap", str(offers), "--sims", "300"])
    (left,) = payload["unmatched"]
    assert (left["seat_name"], left["prefers"], left["votes"], left["offers"]) == (
        "Bootle",
        "Con",
        "Reform",
        1,
    )
    assert left["reason"].startswith("No one offered to vote Conservative")
    assert payload["offers"] == 2 * payload["swaps"] + 1
    assert payload["rows"] and all(row["why"] for row in payload["rows"])
    assert "Offers not matched (1)" in table and "No one offered" in table


def test_swap_table_writes_the_gains_in_plain_decimals(
    tmp_path: Path, json_and_table: Callable[..., tuple[dict[str, Any], str]]
) -> None:
    """A gain of a few millionths of a seat reads as 0.0000014, never 1.39e-06 (the number
    rule, docs/cli.md)."""
    offers = tmp_path / "offers.csv"
    offers.write_text(
        "seat,preferred,willing\nGodalming and Ash,Lab,LD\nGorton and Denton,LD,Lab\n",
        encoding="utf-8",
    )
    payload, table = json_and_table(["swap", str(offers), "--sims", "300"])
    (row,) = payload["rows"]
    (cells,) = [line for line in table.splitlines() if "Godalming" in line]
    for gain in (row["gain_a_party"], row["gain_b_party"]):
        assert format_number(gain) in cells
    assert not re.search(r"\d[eE][-+]\d", table)


def test_swap_command_follows_a_seat_of_the_old_boundaries(tmp_path: Path) -> None:
    offers = tmp_path / "offers.csv"
    offers.write_text("seat,preferred,willing\nArfon,Lab,PC\n", encoding="utf-8")
    answer, result = command_result("swap", str(offers), "--election", "2024", "--sims", "100")
    assert answer["offers"] == 1
    notes = [line for line in result.stderr.splitlines() if line.startswith("note: ")]
    assert len(notes) == 1 and "Arfon is not a seat on the 2024 boundaries" in notes[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["advise", "Hampstead and Kilburn", "--prefer", "Green,Labor"], "Unknown party 'Labor'"),
        (["advise", "Hampstead and Kilburn", "--prefer", ""], "--prefer"),
        (
            ["advise", "Hamstead and Kilbourne", "--prefer", "Lab", "--election", "2019"],
            "No constituency",
        ),
        (["swap", "no-such-file.csv"], "does not exist"),
    ],
)
def test_bad_input_one_line_no_traceback(args: list[str], message: str) -> None:
    completed = run_cli(*args)
    assert completed.returncode == 2
    assert message in completed.stderr
    assert "Traceback" not in completed.stderr + completed.stdout
    assert len(completed.stderr.strip().splitlines()) == 1


def test_advise_refuses_a_postcode_for_a_canadian_election_in_one_clear_line() -> None:
    """A UK postcode cannot place a Canadian voter: the refusal says so (the capability's
    line), not that 338 seats lack a centroid."""
    result = runner.invoke(
        app, ["advise", "--postcode", "SW1A 1AA", "--election", "canada-2021", "-p", "NDP"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("error: The postcode lookup is available for UK elections")
    assert "canada-2021 is a Canadian election" in result.stderr


def test_advise_reads_preferences_written_with_spaces_only() -> None:
    """--prefer "green lab ld" is the list Green, Lab, LD, not one unknown party."""

    def rows(prefer: str) -> list[dict[str, object]]:
        args = ["advise", "Hampstead and Kilburn", "--prefer", prefer, "--election", "2019"]
        return list(command_json(*args, "--sims", "200", "--seed", "3")["rows"])

    assert rows("green lab ld") == rows("Green,Lab,LD")


def test_tactical_refuses_a_party_the_election_does_not_have() -> None:
    """--against Reform on canada-2021 is refused as a UK party, in one line naming Canada's
    parties."""
    args = ["tactical", "--against", "Reform", "--bloc", "LPC,NDP", "--election", "canada-2021"]
    result = runner.invoke(app, [*args, "--sims", "50"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: Reform is a UK party: use a UK election")
    assert "this Canadian election's own parties (LPC, CPC" in result.stderr


def test_tactical_title_names_the_parties_as_read_not_as_typed() -> None:
    """--against "reform uk, con" is titled by the parties' labels, as the picks name them,
    and JSON says which parties were read and how the title names them."""
    options = ["tactical", "--against", "reform uk, con", "--sims", "50"]
    table = runner.invoke(app, options, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    title = table.stdout.splitlines()[0]
    assert title.startswith("Tactical picks against Reform UK and Con (")
    assert "reform uk" not in title
    payload = command_json(*options)
    assert payload["against"] == ["Reform", "Con"]
    assert payload["against_label"] == "Reform UK and Con"


def test_tactical_title_lists_three_parties_as_a_sentence() -> None:
    """Three parties to defeat are listed "A, B and C" (:func:`psephos.numbers.listed`), not
    "A and B and C", each by its label: the web's tactical map says the same words."""
    options = ["tactical", "--against", "Con,Reform,SNP", "--sims", "50"]
    table = runner.invoke(app, options, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    title = table.stdout.splitlines()[0]
    assert title.startswith("Tactical picks against Con, Reform UK and SNP (")


@pytest.mark.parametrize("option", ["--prefer", "--against"])
def test_advise_refuses_another_country_s_party(option: str) -> None:
    """A preference naming another country's party (the CPC in a UK seat) is refused, naming
    the party's country and this election's parties; it was kept and advised on as a party
    "not standing here"."""
    args = ["--prefer", "LD", "--against", "Con"]
    args[args.index(option) + 1] = "CPC,Lab" if option == "--prefer" else "CPC"
    result = runner.invoke(app, ["advise", "Bath", *args, "--sims", "50"])
    assert result.exit_code != 0
    assert result.stderr.startswith("error: CPC is a Canadian party")
    assert "this UK election's own parties (Con, Lab" in result.stderr
    assert "not standing here" not in result.output


def test_a_canadian_party_preferred_in_a_uk_seat_is_refused_naming_its_country() -> None:
    """``advise Bath --prefer LPC`` advised a Liberal Democrat vote: the Liberal Party of
    Canada was read as the UK's liberal party. It is refused, as the CPC is; "Liberal" is
    still the Liberal Democrats."""
    refused = CliRunner().invoke(app, ["advise", "Bath", "--prefer", "LPC"])
    assert refused.exit_code == 2
    assert refused.stderr.startswith("error: LPC is a Canadian party: use a Canadian election")
    liberal = CliRunner().invoke(app, ["advise", "Bath", "--prefer", "Liberal"])
    assert liberal.exit_code == 0 and "Vote Liberal Democrat" in liberal.stdout
    # a poll reads its names the same way: "LPC 20" was the Liberal Democrats' 20
    poll = CliRunner().invoke(app, ["project", "--poll", "Lab 30 LPC 20 Con 25"])
    assert poll.exit_code == 2 and "LPC is a Canadian party" in poll.stderr
    shares = command_json("project", "--poll", "Lab 30 Liberal 20 Con 25")["target_shares"]
    assert shares["Great Britain"]["LD"] == 20.0


def test_tactical_takes_a_bloc_by_its_name() -> None:
    """--bloc 'progressive alliance' is the country's named bloc (Lab, LD, Green, SNP, PC),
    as ``psephos pact --bloc`` reads it."""
    from cli_helpers import command_json

    named = command_json(
        "tactical", "--against", "Con", "--bloc", "the progressive alliance", "--election", "2019"
    )
    listed = command_json(
        "tactical", "--against", "Con", "--bloc", "Lab,LD,Green,SNP,PC", "--election", "2019"
    )
    assert named == listed
    assert {row["pick"] for row in named["rows"]} >= {"SNP", "PC"}


def test_swap_pairs_say_who_swaps_with_whom_and_keep_names_out_unless_asked(
    tmp_path: Path,
) -> None:
    """``--pairs FILE`` writes a row per offer with the row and id of its partner; the JSON
    carries the same ``pairs``; names and e-mails appear only with ``--include-personal``."""
    offers = tmp_path / "offers.csv"
    offers.write_text(
        "id,name,email,seat,preferred,willing\nA,Ann,ann@x.org,Putney,LD,Lab\n"
        "B,Ben,ben@x.org,Richmond Park,Lab,LD\nC,Cy,cy@x.org,Bootle,Con,Reform\n",
        encoding="utf-8",
    )
    pairs_file = tmp_path / "pairs.csv"
    arguments = ["swap", str(offers), "--sims", "300", "--pairs", str(pairs_file)]
    payload = command_json(*arguments)
    assert [(p["row"], p["id"], p["partner_row"], p["partner_id"]) for p in payload["pairs"]] == [
        (2, "A", 3, "B"),
        (3, "B", 2, "A"),
        (4, "C", None, None),
    ]
    assert payload["pairs"][2]["reason"].startswith("No one offered")
    written = pairs_file.read_text(encoding="utf-8")
    assert written.splitlines()[0].startswith(
        "\ufeffrow,id,seat_code,seat_name,prefers,votes,partner"
    )
    assert "Ann" not in written and "ann@x.org" not in written and "Ann" not in str(payload)
    assert any("personal data" in note for note in payload["notes"])
    named = command_json(*arguments, "--include-personal")
    assert (named["pairs"][0]["name"], named["pairs"][0]["partner_email"]) == ("Ann", "ben@x.org")
    assert ",Ann,Ben,ann@x.org,ben@x.org\n" in pairs_file.read_text(encoding="utf-8")


def _csv_rows(*arguments: str) -> list[dict[str, str]]:
    """``psephos ARGUMENTS --format csv`` through the runner, read as rows."""
    result = runner.invoke(app, [*arguments, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_advise_csv_says_the_seat_and_the_vote_advised() -> None:
    """The CSV's rows carry the seat's code and name and whether each is the vote advised, so
    a saved file (or many seats' files joined) says which seat it is and what the advice was."""
    rows = _csv_rows(
        "advise", "Ynys Môn", "--prefer", "Lab,PC", "--against", "Con", "--sims", "300"
    )
    assert {(row["code"], row["name"]) for row in rows} == {("W07000112", "Ynys Môn")}
    assert [row["party"] for row in rows if row["recommended"] == "true"] == ["PC"]
    assert {row["recommended"] for row in rows} == {"true", "false"}


def test_advise_gives_each_seat_of_a_postcode_split_between_seats() -> None:
    """B33 8TH's sector is 51% Birmingham Yardley, 49% Hodge Hill: the advice is given for
    both, not the larger's alone on a coin flip (the web page offers both)."""
    options = ["advise", "--postcode", "B33 8TH", "--prefer", "Green,Lab,LD", "--sims", "300"]
    yardley, hodge_hill = "Birmingham Yardley", "Birmingham Hodge Hill and Solihull North"
    table = runner.invoke(app, options, env={"COLUMNS": "200"})
    assert table.exit_code == 0, table.output
    assert f"─ {yardley} (" in table.stdout and f"─ {hodge_hill} (" in table.stdout
    rows = _csv_rows(*options)
    assert [row["name"] for row in rows if row["recommended"] == "true"] == [yardley, hodge_hill]
    payload = command_json(*options)
    assert payload["name"] == yardley and payload["postcode"]["straddles"]
    assert [seat["name"] for seat in payload["other_seats"]] == [hodge_hill]
    assert payload["other_seats"][0]["rows"]
    one = command_json("advise", "--postcode", "SW1A 1AA", "--prefer", "Lab", "--sims", "300")
    assert "other_seats" not in one


def test_advise_takes_a_seat_with_the_postcode_it_is_a_seat_of() -> None:
    """A seat with --postcode is taken when it is one of the postcode's seats; another seat
    is refused in one line naming the postcode's seats."""
    hodge_hill = "Birmingham Hodge Hill and Solihull North"
    payload = command_json(
        "advise", hodge_hill, "--postcode", "B33 8TH", "--prefer", "Lab", "--sims", "300"
    )
    assert payload["name"] == hodge_hill and "other_seats" not in payload
    result = runner.invoke(app, ["advise", "Bath", "--postcode", "B33 8TH", "--prefer", "Lab"])
    assert result.exit_code == 2  # a user's mistake, as every refusal
    assert result.stderr.startswith("error: B33 8TH is in Birmingham Yardley or ")
    assert "not Bath" in result.stderr and len(result.stderr.splitlines()) == 1


def test_the_hint_after_a_split_postcode_spells_out_the_command_for_one_seat() -> None:
    """ "give your seat with --postcode for one" read as if the seat went in --postcode: the
    hint now writes the command, the seat's name before --postcode, and the command it writes
    gives that seat's advice alone."""
    options = ["--postcode", "B33 8TH", "--prefer", "Lab", "--sims", "300"]
    table = runner.invoke(app, ["advise", *options], env={"COLUMNS": "300"})
    assert table.exit_code == 0, table.output
    example = 'psephos advise "Birmingham Yardley" --postcode "B33 8TH" ...'
    said = " ".join(table.stdout.split())  # as wrapped to whatever width the console has
    assert example in said and "with --postcode for one" not in said
    one = runner.invoke(app, ["advise", "Birmingham Yardley", *options], env={"COLUMNS": "300"})
    assert one.exit_code == 0 and one.stdout.count("What each vote does") == 1


def test_advise_when_none_of_the_voter_s_parties_stands() -> None:
    """``advise`` answers as the web page does (one library function): no vote named, each
    standing candidate in the table with its chance, the closest contest; it was "error:
    Brexit Party is not standing in Clacton (2019) ..." and no advice."""
    options = ["advise", "Clacton", "--election", "2019", "--prefer", "Brexit", "--sims", "300"]
    payload = command_json(*options, "--against", "Con")
    assert payload["kind"] == "none-standing" and payload["recommendation"] == ""
    assert {row["party"] for row in payload["rows"]} >= {"Con", "Lab", "LD"}
    result = runner.invoke(app, [*options, "--against", "Con"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert "No recommendation: none of the parties you ranked stands in Clacton" in text
    assert "The closest contest is Conservative against Labour" in text
    csv_rows = list(csv.DictReader(io.StringIO(runner.invoke(app, [*options, "-f", "csv"]).stdout)))
    assert csv_rows and not any(row["recommended"] == "True" for row in csv_rows)


def test_advise_says_first_that_the_first_choice_does_not_stand() -> None:
    payload = command_json(
        "advise", "Clacton", "--election", "2019", "--prefer", "Brexit,LD,Lab", "--sims", "300"
    )
    assert payload["recommendation"] in ("LD", "Lab")
    assert payload["reasoning"][0] == (
        "Your first choice, Brexit Party, is not standing in Clacton: this advice is among the "
        "parties you ranked that stand (Liberal Democrat and Labour)."
    )
