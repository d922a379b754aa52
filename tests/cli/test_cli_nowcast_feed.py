"""``psephos nowcast feed`` on the files a results night really gives it."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cli_helpers import command_json, command_result
from psephos.cli import app

runner = CliRunner()

#: Two seats of the 2024 boundaries with their parties' votes (Houghton and Sunderland South,
#: Blyth and Ashington).
SEATS = (
    "E14001295,Lab,18837\nE14001295,Reform,11668\nE14001295,Con,5514\n"
    "E14001107,Lab,20030\nE14001107,Reform,10857\nE14001107,Con,6121\n"
)


def _feed_arguments(tmp_path: Path, name: str, text: str, *args: str) -> list[str]:
    """``nowcast feed`` of TEXT written to the file NAME, into the night's store."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    store = tmp_path / "night.sqlite"
    return ["nowcast", "feed", str(path), "--store", str(store), *args]


def _feed(tmp_path: Path, name: str, text: str, *args: str) -> Result:
    return runner.invoke(app, _feed_arguments(tmp_path, name, text, "-f", "json", *args))


def _fed(tmp_path: Path, name: str, text: str, *args: str) -> dict[str, Any]:
    """The JSON a feed that must succeed answers."""
    return command_json(*_feed_arguments(tmp_path, name, text, *args))


def test_a_file_saved_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    assert _fed(tmp_path, "bom.csv", "\ufeffseat_code,party,votes\n" + SEATS)["n_declared"] == 2
    line = json.dumps({"seat": "E14001295", "votes": {"Lab": 18837, "Reform": 11668, "Con": 5514}})
    result = _feed(tmp_path, "bom.jsonl", "\ufeff" + line + "\n")
    assert result.exit_code == 0, result.output


def test_a_refused_or_empty_first_feed_does_not_pin_the_store_to_a_base(tmp_path: Path) -> None:
    store = str(tmp_path / "night.sqlite")
    bad = tmp_path / "bad.csv"
    bad.write_text("seat,who\nx,y\n")
    refused = runner.invoke(app, ["nowcast", "feed", str(bad), "--store", store])
    assert refused.exit_code == 2
    empty = runner.invoke(app, ["nowcast", "feed", "-", "--store", store], input="")
    assert empty.exit_code == 0
    assert "note: nothing was read from standard input." in empty.stderr
    good = tmp_path / "good.csv"
    good.write_text("seat_code,party,votes\n" + SEATS)
    fed = command_json(
        "nowcast", "feed", str(good), "--from", "2019-notional-2024", "--store", store
    )
    assert fed["base"] == "2019-notional-2024"
    # with a declaration stored, the store keeps its base
    other = runner.invoke(app, ["nowcast", "feed", str(good), "--from", "2024", "--store", store])
    assert other.exit_code == 2 and "belongs to base election" in other.stderr


def test_a_header_only_file_says_nothing_was_read(tmp_path: Path) -> None:
    result = _feed(tmp_path, "empty.csv", "seat_code,party,votes\n")
    assert result.exit_code == 0, result.output
    assert f"note: nothing was read from '{tmp_path / 'empty.csv'}'." in result.stderr


def test_a_declaration_without_votes_gets_its_error_only(tmp_path: Path) -> None:
    result = _feed(tmp_path, "none.jsonl", '{"seat": "E14001295", "votes": {}}\n')
    assert result.exit_code == 2
    assert result.stderr.startswith("error:") and "note:" not in result.stderr


def test_a_file_whose_last_line_has_no_line_end_gets_a_note(tmp_path: Path) -> None:
    """A file still being written ends in the middle of a line (E14001107,Con,61...): read,
    with a note to feed it again when it is complete."""
    text = "seat_code,party,votes\n" + SEATS.rstrip("\n")
    answer, result = command_result(*_feed_arguments(tmp_path, "partial.csv", text))
    assert answer["n_declared"] == 2
    assert "the last line of" in result.stderr and "has no line end" in result.stderr
    complete = _feed(tmp_path, "complete.csv", "seat_code,party,votes\n" + SEATS)
    assert "line end" not in complete.stderr


def test_piped_rows_apart_say_what_was_already_stored(tmp_path: Path) -> None:
    """Standard input is stored as it arrives, so a party-sorted pipe has stored one-party
    declarations by the time its rows show they are apart: the error names them."""
    by_party = (
        "seat_code,party,votes\nE14001295,Lab,18837\nE14001107,Lab,20030\n"
        "E14001295,Con,5514\nE14001107,Con,6121\n"
    )
    store = str(tmp_path / "night.sqlite")
    result = runner.invoke(app, ["nowcast", "feed", "-", "--store", store], input=by_party)
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "rows 2 and 4" in errors[0]
    assert (
        "2 declarations from this input were already stored (E14001295, E14001107)" in (errors[0])
    )
    assert "feed that seat again with all its parties" in errors[0]


def _first_seats(election_id: str, n_seats: int) -> str:
    """A declarations CSV of the first ``n_seats`` seats of a bundled result, candidate by
    candidate."""
    from psephos.jurisdictions import load

    return _seats(election_id, load(election_id).codes[:n_seats])


def _seats(election_id: str, codes: Sequence[str]) -> str:
    """A declarations CSV of the seats ``codes`` of a bundled result, candidate by candidate."""
    from psephos.jurisdictions import load

    election = load(election_id)
    assert election.candidates is not None
    rows = [
        f"{code},{candidate.party},{candidate.votes},{candidate.name or candidate.party}"
        for code in codes
        for candidate in election.candidates[election.seat_index(code)]
    ]
    return "seat_code,party,votes,candidate\n" + "\n".join(rows) + "\n"


def test_seats_modelled_apart_do_not_make_it_late_enough_to_project(tmp_path: Path) -> None:
    """Northern Ireland's 18 seats and 2 in Great Britain are 2 seats for the Great Britain
    model: too early to say, no projection (no "Ind 2 (1-311)"), as on the web page."""
    from psephos.jurisdictions import load

    base = load("2024")
    apart = [code for code, inside in zip(base.codes, base.gb_mask, strict=True) if not inside]
    main = [code for code, inside in zip(base.codes, base.gb_mask, strict=True) if inside]
    answer = _fed(tmp_path, "apart.csv", _seats("2024", apart + main[:2]), "--from", "2024")
    assert answer["n_declared"] == 20 and answer["call"]["status"] == "too-early"
    assert "2 of the 20 seats in Great Britain" in answer["call"]["message"]
    assert {(row["projected"], row["low"], row["high"]) for row in answer["rows"]} == {(None,) * 3}


def test_the_projection_carries_each_partys_90_percent_interval(tmp_path: Path) -> None:
    from psephos.results.night import TOO_EARLY_SEATS

    answer = _fed(tmp_path, "twenty.csv", _first_seats("2024", TOO_EARLY_SEATS))
    assert answer["interval"] == 0.9
    for row in answer["rows"]:
        assert row["declared"] <= row["low"] <= row["high"], row
    labour = next(row for row in answer["rows"] if row["party"] == "Lab")
    assert labour["low"] < labour["projected"] < labour["high"]
    store = str(tmp_path / "night.sqlite")
    shown = runner.invoke(app, ["nowcast", "show", "--store", store, "-f", "csv"])
    assert shown.stdout.splitlines()[0] == "party,party_label,declared,projected,low,high"
    table = runner.invoke(app, ["nowcast", "show", "--store", store])
    assert "low" in table.stdout and "high" in table.stdout


def test_the_projection_names_each_party_as_the_results_night_page_does(tmp_path: Path) -> None:
    """The table names Reform by the night's label, "Reform UK" (the web's results-night
    tables and the verdict's words), not its code; JSON keeps the code beside the label."""
    answer = _fed(tmp_path, "two.csv", "seat_code,party,votes\n" + SEATS)
    reform = next(row for row in answer["rows"] if row["party"] == "Reform")
    assert reform["party_label"] == "Reform UK"
    store = str(tmp_path / "night.sqlite")
    table = runner.invoke(app, ["nowcast", "show", "--store", store], terminal_width=200)
    assert table.exit_code == 0, table.output
    cells = [[cell.strip() for cell in line.split("│")[1:-1]] for line in table.stdout.splitlines()]
    parties = [row[0] for row in cells if row]
    assert "Reform UK" in parties and "Reform" not in parties
    assert "party_label" not in table.stdout  # the label in the code's place, once


def test_unknown_parties_can_be_counted_as_other(tmp_path: Path) -> None:
    text = "seat_code,party,votes\n" + SEATS + "E14001107,Workers Party of Britain,900\n"
    refused = _feed(tmp_path, "workers.csv", text)
    assert refused.exit_code == 2
    assert "--unknown-parties other" in refused.stderr
    counted = _fed(tmp_path, "workers.csv", text, "--unknown-parties", "other")
    assert counted["n_declared"] == 2


def test_a_declared_electorate_is_checked(tmp_path: Path) -> None:
    """A JSON declaration's electorate is the one its votes are checked against."""
    line = {"seat": "E14001295", "votes": {"Lab": 18837, "Reform": 11668}, "electorate": 20000}
    result = _feed(tmp_path, "electorate.jsonl", json.dumps(line) + "\n")
    assert result.exit_code == 2
    assert "more than the electorate (20,000)" in result.stderr
    line["electorate"] = 75000
    result = _feed(tmp_path, "electorate.jsonl", json.dumps(line) + "\n")
    assert result.exit_code == 0, result.output


#: The two seats with a candidate column, one name with a letter Windows-1252 and UTF-8 spell
#: differently (Excel's "CSV" on Windows writes "ë" as one byte).
NAMED = "seat_code,party,votes,candidate\n" + "".join(
    f"{line},{name}\n"
    for line, name in zip(
        SEATS.splitlines(),
        ("Zoë Hart", "Sam Lee", "Ann Wu", "Jo Bell", "Kim Day", "Ray Fox"),
        strict=True,
    )
)


def test_a_windows_1252_file_is_read_with_a_note(tmp_path: Path) -> None:
    """A declarations file is read as every file is (psephos.io.rows.read_text): not UTF-8,
    so read as Windows-1252, with a note saying so."""
    path = tmp_path / "night.csv"
    path.write_bytes(NAMED.encode("cp1252"))
    store = str(tmp_path / "night.sqlite")
    answer, result = command_result("nowcast", "feed", str(path), "--store", store)
    assert answer["n_declared"] == 2
    assert f"note: Declarations file '{path}' is not UTF-8" in result.stderr
    assert "Windows-1252" in result.stderr


def test_standard_input_is_decoded_as_a_file_is(tmp_path: Path) -> None:
    """Standard input, read as it arrives, is decoded line by line the same way: Windows-1252
    with one note, and bytes that are not text refused (a spreadsheet's own file piped in)."""
    store = str(tmp_path / "night.sqlite")
    args = ["nowcast", "feed", "-", "--store", store]
    answer, result = command_result(*args, stdin=NAMED.encode("cp1252"))
    assert answer["n_declared"] == 2
    assert result.stderr.count("note: Standard input is not UTF-8") == 1
    refused = runner.invoke(app, [*args, "-f", "json"], input=b"PK\x03\x04\x00\x00binary\n")
    assert refused.exit_code == 2
    assert "Standard input is not text" in refused.stderr
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"PK\x03\x04\x00\x00binary\n")
    refused = runner.invoke(app, ["nowcast", "feed", str(path), "--store", store])
    assert refused.exit_code == 2
    assert f"Declarations file '{path}' is not text" in refused.stderr


def test_a_newsroom_file_is_read_by_seat_name_with_its_recount_noted(
    tmp_path: Path, newsroom_declarations: str
) -> None:
    """Seat names, ballot labels and thousands separators are read; the recount's later rows
    replace the earlier with a note, whatever the output format; each party's declared seats
    are the winning candidates' of the real 2024 declarations."""
    from psephos import load
    from psephos.forecast.nowcast import NowcastStore

    answer, result = command_result(*_feed_arguments(tmp_path, "night.csv", newsroom_declarations))
    assert answer["n_declared"] == 5
    real = load("2024")
    names = ("Houghton and Sunderland South", "Chorley", "Belfast East", "Glasgow North")
    winners = [real.parties[int(real.winner[real.seat_index(name)])] for name in names]
    winners.append("Ind")  # Islington North: the 2024 winner, an Independent
    declared = {row["party"]: row["declared"] for row in answer["rows"] if row["declared"]}
    assert declared == {party: winners.count(party) for party in winners}
    houghton = real.constituencies[real.seat_index(names[0])].code
    notes = [line for line in result.stderr.splitlines() if "declared again" in line]
    assert notes == [
        f"note: Houghton and Sunderland South ({houghton}) was declared again (declaration "
        "CSV rows 13-15): this result replaces the earlier one (a correction)."
    ]
    store = NowcastStore(tmp_path / "night.sqlite", "2024")
    try:
        stored = dict(store.declarations())
    finally:
        store.close()
    recount = {c.party: c.votes for c in stored[houghton]}  # type: ignore[union-attr]
    assert recount == {"Lab": 18847, "Reform": 11668, "Con": 5514}


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            ("Islington North", "Islington Nrth"),
            "declaration CSV rows 11-12: No constituency 'Islington Nrth' in election '2024'. "
            "Did you mean 'Islington North'",
        ),
        (
            ('"24,120"', '"240,120"'),
            "declaration CSV rows 11-12: Islington North (E14001305): 256,993 valid votes is "
            "more than the electorate",
        ),
    ],
)
def test_a_file_with_a_bad_seat_stores_nothing_and_names_its_rows(
    tmp_path: Path, newsroom_declarations: str, bad: tuple[str, str], message: str
) -> None:
    """A misspelt seat name, or more votes than electors, in the fifth seat of a file: the
    file is checked whole, so the four seats before it are not stored, and the one error line
    names the rows."""
    from psephos.forecast.nowcast import NowcastStore

    result = _feed(tmp_path, "night.csv", newsroom_declarations.replace(*bad))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}"), result.stderr
    assert "already stored" not in result.stderr and len(result.stderr.splitlines()) == 1
    store = NowcastStore(tmp_path / "night.sqlite", "2024")
    try:
        assert list(store.declarations()) == []
    finally:
        store.close()


def test_a_seat_read_from_part_of_its_name_gets_a_note(tmp_path: Path) -> None:
    text = "seat,party,votes\nHoughton,Lab,18837\nHoughton,Reform,11668\n"
    result = _feed(tmp_path, "night.csv", text)
    assert result.exit_code == 0, result.output
    assert (
        "note: 'Houghton' (declaration CSV rows 2-3) was read as Houghton and Sunderland South "
        "(E14001295)." in result.stderr
    )


def test_too_few_declarations_are_too_early_to_say_as_on_the_web_page(tmp_path: Path) -> None:
    """Two seats in, the command says what the results-night page says (its words:
    psephos.results.night.call), after the table and in JSON."""
    from psephos.jurisdictions import UK
    from psephos.results.night import TOO_EARLY_SEATS, call

    said = _fed(tmp_path, "two.csv", "seat_code,party,votes\n" + SEATS)["call"]
    # the command's default base
    assert said == call([], UK.load(UK.latest_id), ["E14001295", "E14001107"])
    assert said["status"] == "too-early" and str(TOO_EARLY_SEATS) in said["message"]
    shown = runner.invoke(app, ["nowcast", "show", "--store", str(tmp_path / "night.sqlite")])
    assert shown.stdout.rstrip().splitlines()[-1] == said["message"]


@pytest.mark.parametrize(
    ("name", "code"),
    [("Conservative", "CPC"), ("Green", "GPC"), ("Liberal", "LPC"), ("Bloc", "BQ")],
)
def test_a_canadian_night_reads_a_short_name_shared_with_a_uk_party(
    tmp_path: Path, name: str, code: str
) -> None:
    """``--from canada-2021`` reads a declaration's "Conservative" as the CPC and "Green" as
    the GPC (the base's parties first), in CSV and JSON lines, as the code itself is read; a
    UK code is still refused there, naming Canada's parties."""
    by_code = _fed(
        tmp_path,
        "code.csv",
        f"seat_code,party,votes\n24055,NDP,5000\n24055,{code},9000\n",
        "--from",
        "canada-2021",
    )
    (tmp_path / "night.sqlite").unlink()
    by_name = _fed(
        tmp_path,
        "name.csv",
        f"seat_code,party,votes\n24055,NDP,5000\n24055,{name},9000\n",
        "--from",
        "canada-2021",
    )
    assert by_name == by_code
    (tmp_path / "night.sqlite").unlink()
    line = json.dumps({"seat": "24055", "votes": {"NDP": 5000, name: 9000}})
    by_json = _fed(tmp_path, "name.jsonl", line + "\n", "--from", "canada-2021")
    assert by_json == by_code
    (tmp_path / "night.sqlite").unlink()
    refused = _feed(
        tmp_path,
        "uk.csv",
        "seat_code,party,votes\n24055,NDP,5000\n24055,Con,9000\n",
        "--from",
        "canada-2021",
    )
    assert refused.exit_code != 0
    assert "Con is a UK party" in refused.output
    assert "this Canadian election's own parties (LPC, CPC, BQ, NDP" in refused.output


@pytest.mark.parametrize("unknown", ["error", "other"])
def test_another_country_s_party_on_a_night_is_refused_without_the_other_hint(
    tmp_path: Path, unknown: str
) -> None:
    """A UK night's feed naming the CPC is told the party is Canada's and the night's
    country and parties; counting unknown parties as Other does not take it (psephos knows
    the party), so the message does not offer it, as it does for a party no one knows."""
    feed = "seat_code,party,votes\nE14001063,Con,20000\nE14001063,{},15000\n"
    args = ("--from", "2019-notional-2024", "--unknown-parties", unknown)
    refused = _feed(tmp_path, "cpc.csv", feed.format("CPC"), *args)
    assert refused.exit_code != 0
    assert "CPC is a Canadian party" in refused.output
    assert "this UK election's own parties (Con, Lab" in refused.output
    assert "--unknown-parties" not in refused.output
    unknown_party = _feed(tmp_path, "zzz.csv", feed.format("Zzzz"), "--from", "2019-notional-2024")
    assert "--unknown-parties other" in unknown_party.output  # the hint where it helps


def test_a_uk_night_reads_the_shared_names_as_before(tmp_path: Path) -> None:
    """The same names on a UK night are the UK's parties (Con, Green)."""
    by_name = _fed(
        tmp_path,
        "name.csv",
        SEATS.replace(",Con,", ",Conservative,").join(["seat_code,party,votes\n", ""]),
        "--from",
        "2024",
    )
    (tmp_path / "night.sqlite").unlink()
    by_code = _fed(tmp_path, "code.csv", "seat_code,party,votes\n" + SEATS, "--from", "2024")
    assert by_name == by_code


@pytest.mark.parametrize("winner", ["Lab", "Con"])
def test_a_tie_is_counted_for_who_won_the_lot_as_on_the_web(tmp_path: Path, winner: str) -> None:
    """The web declaration API's rule (psephos.io.declarations.lot_winner), not the file's
    order nor the vocabulary's."""
    other = "Con" if winner == "Lab" else "Lab"
    text = f"seat_code,party,votes,won_by_lot\nE14001536,Lab,20000,{winner}\nE14001536,Con,20000,\n"
    result = _feed(tmp_path, "tie.csv", text)
    assert result.exit_code == 0, result.output
    declared = {row["party"]: row["declared"] for row in json.loads(result.stdout)["rows"]}
    assert (declared[winner], declared[other]) == (1, 0)


@pytest.mark.parametrize("output", ["json", "csv", "table"])
def test_too_early_the_command_prints_no_projection_as_the_web_page_shows_none(
    tmp_path: Path, output: str
) -> None:
    """One declaration of a tie (Green and Lab) does not project Green 385 seats: every
    party's declared seats, its projection blank (null) until 20 seats, whatever the format."""
    from psephos.results.night import TOO_EARLY_SEATS

    text = "seat_code,party,votes,won_by_lot\nE14001536,Lab,20000,Labour\nE14001536,Green,20000,\n"
    result = runner.invoke(app, _feed_arguments(tmp_path, "tie.csv", text, "-f", output))
    assert result.exit_code == 0, result.output
    if output == "json":
        rows = json.loads(result.stdout)["rows"]
        assert {(row["projected"], row["low"], row["high"]) for row in rows} == {(None,) * 3}
        assert [(row["party"], row["declared"]) for row in rows][:2] == [("Lab", 1), ("Con", 0)]
    elif output == "csv":
        assert result.stdout.splitlines()[1:3] == ["Lab,Lab,1,,,", "Con,Con,0,,,"]
    else:
        assert "projected" not in result.stdout and "Too early to say" in result.stdout
    fed = _fed(tmp_path, "more.csv", _first_seats("2024", TOO_EARLY_SEATS))
    assert all(row["projected"] is not None for row in fed["rows"])


def test_show_declared_lists_each_seat_s_result_as_the_web_night_does(tmp_path: Path) -> None:
    """``nowcast show --declared`` prints each declared seat's result in the words of the
    web's table ("Lab gain from Con"), with majority and turnout, in the order declared."""
    from psephos.jurisdictions import load

    codes = load("2024").codes[:3]
    _fed(tmp_path, "three.csv", _seats("2024", codes), "--from", "2019-notional-2024")
    store = str(tmp_path / "night.sqlite")
    shown = runner.invoke(app, ["nowcast", "show", "--store", store, "--declared", "-f", "csv"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines() == [
        "code,name,region,winner,winner_label,result,majority,majority_pct,turnout_pct",
        "E14001063,Aldershot,South East,Lab,Lab,Lab gain from Con,5683,11.71,63.24",
        "E14001064,Aldridge-Brownhills,West Midlands,Con,Con,Con hold,4294,10.5,55.95",
        "E14001065,Altrincham and Sale West,North West,Lab,Lab,Lab gain from Con,4174,8.11,69.59",
    ]
    answer = command_json("nowcast", "show", "--store", store, "--declared")
    assert [row["result"] for row in answer["rows"]][:2] == ["Lab gain from Con", "Con hold"]


def test_a_seat_fed_by_mistake_is_withdrawn(tmp_path: Path) -> None:
    """``nowcast withdraw SEAT`` takes a declaration fed under the wrong seat out of the store
    and the projection; the seat counts when it is fed again; one not declared is refused."""
    _fed(tmp_path, "two.csv", "seat_code,party,votes\n" + SEATS)
    store = str(tmp_path / "night.sqlite")
    withdrawn = runner.invoke(app, ["nowcast", "withdraw", "Blyth", "--store", store, "-f", "json"])
    assert withdrawn.exit_code == 0, withdrawn.output
    assert json.loads(withdrawn.stdout)["n_declared"] == 1
    assert "Blyth and Ashington (E14001107) was withdrawn" in withdrawn.stderr
    answer = command_json("nowcast", "show", "--store", store, "--declared")
    assert [row["code"] for row in answer["rows"]] == ["E14001295"]
    again = runner.invoke(app, ["nowcast", "withdraw", "E14001107", "--store", store])
    assert again.exit_code != 0
    assert "Blyth and Ashington (E14001107) has not declared" in again.output
    assert _fed(tmp_path, "back.csv", "seat_code,party,votes\n" + SEATS)["n_declared"] == 2


def test_ukip_in_a_json_line_s_votes_is_other_as_in_a_csv(tmp_path: Path) -> None:
    """On a night after 2017 UKIP is a party of its own: a JSON line's votes per party count
    it as Other with the note the CSV reader gives, not as Reform UK."""
    from psephos.forecast.nowcast import NowcastStore

    line = json.dumps({"seat": "Clacton", "votes": {"Con": 20000, "Lab": 10000, "UKIP": 5000}})
    store = tmp_path / "night.sqlite"
    result = runner.invoke(
        app,
        _feed_arguments(
            tmp_path, "u.jsonl", line + "\n", "--from", "2019-notional-2024", "-f", "json"
        ),
    )
    assert result.exit_code == 0, result.output
    assert "UKIP, a party of its own by then, is counted as Other" in result.stderr
    kept = NowcastStore(store, "2019-notional-2024")
    assert dict(kept.declarations())["E14001174"] == {"Con": 20000, "Lab": 10000, "Other": 5000}
    kept.close()


def test_a_party_that_does_not_stand_in_the_seat_s_nation_gets_a_note(tmp_path: Path) -> None:
    text = "seat_code,party,votes\nClacton,Reform,21000\nClacton,Con,12000\nClacton,SNP,500\n"
    result = _feed(tmp_path, "e.csv", text, "--from", "2019-notional-2024")
    assert result.exit_code == 0, result.output
    assert (
        "note: declaration CSV rows 2-4: SNP does not stand in England, where Clacton "
        "(E14001174) is; counted as given" in " ".join(result.stderr.split())
    )


def test_show_declared_turnout_is_against_the_declared_electorate(tmp_path: Path) -> None:
    """A declaration's electorate (a CSV's ``electorate`` column, a JSON line's key) is kept
    in the store and the turnout is against it, as the web's: 33,000 valid votes of 60,000
    is 55%, whatever the base election's electorate of the seat was."""
    text = "seat_code,party,votes,electorate\nClacton,Reform,21000,60000\nClacton,Con,12000,60000\n"
    _fed(tmp_path, "c.csv", text, "--from", "2019-notional-2024")
    store = str(tmp_path / "night.sqlite")
    shown = runner.invoke(app, ["nowcast", "show", "--store", store, "--declared", "-f", "csv"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[1].endswith(",55.0")


def test_standard_input_with_csv_says_each_seat_and_keeps_the_projection_at_a_bad_line(
    tmp_path: Path,
) -> None:
    """Fed from standard input with ``-f csv`` (or json), each seat's line goes to standard
    error as it arrives, standard output keeping one CSV; a bad line after some seats were
    stored prints the projection from them before its error (it had printed nothing)."""
    lines = [
        json.dumps({"seat": "E14001295", "votes": {"Lab": 18837, "Reform": 11668, "Con": 5514}}),
        json.dumps({"seat": "E14001107", "votes": {"Lab": 20030, "Reform": 10857, "Con": 6121}}),
        json.dumps({"seat": "Hampstead and Highgte", "votes": {"Lab": 20000, "Con": 9000}}),
    ]
    store = str(tmp_path / "night.sqlite")
    args = ["nowcast", "feed", "-", "--store", store, "--from", "2019-notional-2024"]
    result = runner.invoke(app, [*args, "-f", "csv"], input="\n".join(lines) + "\n")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == "party,party_label,declared,projected,low,high"
    said = result.stderr.splitlines()
    assert said[0].startswith("  1 Houghton and Sunderland South (new): ")
    assert said[1].startswith("  2 Blyth and Ashington (new): ")
    assert "2 declarations from this input were already stored" in said[-1]
    good = runner.invoke(app, [*args, "-f", "json"], input=lines[0] + "\n")
    assert good.exit_code == 0 and json.loads(good.stdout)["n_declared"] == 2
