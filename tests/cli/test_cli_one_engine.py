"""One engine, one poll reader: every command that turns a poll into seats answers alike.

The same poll must give the same projected shares through ``project``, ``forecast``,
``advise``, ``tactical``, ``target``, ``nearest``, ``pact --poll`` and ``turnout --poll`` (each
prints the projection's summary in its JSON), with or without area shares beside it
(``--by-region``, which every command that takes a poll takes), and a bad poll must get the
same one-line error (exit 2) from each.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from cli_helpers import command_json, command_result
from psephos.cli import app, load_command
from psephos.errors import PsephosError
from psephos.projection import DEFAULT_MODEL, read_poll

runner = CliRunner()

POLL = "Lab 30 Con 22 Reform 20 LD 12 Green 8 SNP 3 PC 1"

#: Every command with a ``--poll``, run on the 2024 result (``{poll}`` is replaced).
COMMANDS: dict[str, list[str]] = {
    "project": ["project", "--from", "2024", "--poll", "{poll}"],
    "forecast": ["forecast", "--from", "2024", "--poll", "{poll}", "--sims", "200", "--seed", "1"],
    "advise": ["advise", "Croydon East", "-p", "LD,Green", "--poll", "{poll}", "--sims", "200"],
    "tactical": ["tactical", "--against", "Con", "--poll", "{poll}", "--sims", "200"],
    "target": ["target", "2024", "--pair", "Con,Lab", "--poll", "{poll}", "--top", "400"],
    "nearest": ["nearest", "Leeds", "--party", "Con", "--poll", "{poll}"],
    "pact": ["pact", "2024", "--bloc", "Lab,LD", "--poll", "{poll}"],
    "turnout": ["turnout", "2024", "--change", "5", "--split", "Lab 41 Con 8", "--poll", "{poll}"],
}


def _arguments(name: str, poll: str) -> list[str]:
    return [part.format(poll=poll) for part in COMMANDS[name]]


def _run(name: str, poll: str, *extra: str) -> Any:
    return runner.invoke(app, _arguments(name, poll) + list(extra))


#: Sub-polls beside the poll (a Scottish and a Welsh poll), as ``--by-region`` reads them.
AREAS = (
    "area,party,share\n"
    "Scotland,SNP,34\nScotland,Lab,20\nScotland,Con,10\nScotland,Reform,18\nScotland,LD,9\n"
    "Wales,Lab,27\nWales,Reform,30\nWales,PC,20\nWales,Con,10\nWales,LD,6\n"
)


def test_the_same_poll_and_area_shares_give_the_same_projection_through_every_command(
    tmp_path: Any,
) -> None:
    """A poll with a Scottish and a Welsh sub-poll (``--by-region``) projects alike through
    every command, as ``project`` projects it (the SNP's seats, not the GB poll's alone),
    and the sub-polls change the answer."""
    areas = tmp_path / "areas.csv"
    areas.write_text(AREAS, encoding="utf-8")
    summaries = {
        name: command_json(*_arguments(name, POLL), "--by-region", str(areas))["projection"]
        for name in COMMANDS
    }
    reference = summaries["project"]
    assert {"Scotland", "Wales"} <= set(reference["target_shares"])
    assert reference["seats"] != command_json(*_arguments("project", POLL))["seats"]
    for name, summary in summaries.items():
        assert summary == reference, name
    house = command_json("govern", "2024", "--poll", POLL, "--by-region", str(areas), "-f", "json")
    elected = {row["party"]: row["seats"] for row in house["power"]}  # the House it elects
    for party in ("Lab", "Con", "Reform", "LD", "SNP", "PC"):
        assert elected[party] == reference["seats"][party], party


def test_the_same_poll_gives_the_same_projection_through_every_command() -> None:
    summaries = {}
    payloads = {}
    for name in COMMANDS:
        payload = command_json(*_arguments(name, POLL))
        payloads[name] = payload
        summaries[name] = payload["projection"]
    reference = summaries["project"]
    assert reference["model"] == DEFAULT_MODEL and reference["seats"]
    for name, summary in summaries.items():
        assert summary == reference, name
    # Seat by seat: the target list's margins are the projected shares of `project`.
    seats = command_json("project", "--from", "2024", "--poll", POLL, "--all-seats")
    shares = {row["code"]: row for row in seats["rows"]}
    rows = payloads["target"]["rows"]
    assert len(rows) > 50
    for row in rows:
        seat = shares[row["code"]]
        rival = max(v for k, v in seat.items() if k.endswith("_pct") and k != "Con_pct")
        assert row["margin_pct"] == pytest.approx(seat["Con_pct"] - rival, abs=0.011)


BAD_POLLS = [
    "Lab 80 Con 80",  # sums above 100
    "Green 1 SNP 0.5",  # sums to 1.5: fractions, 150%
    "Lab 45 Con 30 Reform 20 LD 10",  # 105: above the rounding slack
    "Lab forty Con 30",  # does not parse
    "Labour 40, Con",  # a party without a share
    "Lab 40 Wigs 10",  # a party psephos does not know
    "Lab 29 Con 22 Reform 20 LD 12 Green 9 DUP 1",  # a Northern Ireland party in a GB poll
    "Lab 29 Con 22 Reform 20 Brexit Party 1",  # one party under two names
    "Lab 29 Con 22 Reform 20 LD 12 Speaker 2",  # the Speaker, in one seat no model moves
]


def _options(name: str) -> set[str]:
    """The options of the command ``name`` (``project``, ``pact``...)."""
    command = load_command(name)
    return {option for param in command.params for option in getattr(param, "opts", ())}


def _message(poll: str) -> str:
    with pytest.raises(PsephosError) as caught:
        read_poll(poll)
    return str(caught.value)


def test_every_command_that_takes_a_poll_takes_area_shares() -> None:
    """Every command with ``--poll`` has ``--by-region`` beside it (the one declaration), so
    the reader's refusals may offer it everywhere."""
    from psephos.cli import COMMANDS as ENTRIES

    with_poll = {entry.name for entry in ENTRIES if "--poll" in _options(entry.name)}
    assert set(COMMANDS) | {"govern", "allocate", "map"} <= with_poll
    assert all("--by-region" in _options(name) for name in with_poll), with_poll


@pytest.mark.parametrize("name", ["target", "pact", "turnout", "tactical"])
def test_a_poll_table_naming_a_party_apart_is_refused_as_typed_pairs_are(
    name: str, tmp_path: Any
) -> None:
    """A poll table's average is refused as typed pairs are, offering area shares
    (``--by-region``) as every command does."""
    table = tmp_path / "polls.csv"
    table.write_text("date,Lab,Con,DUP\n2024-06-30,30,20,5\n", encoding="utf-8")
    result = _run(name, str(table))
    assert result.exit_code == 2, result.output
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith("error: DUP stands only in Northern Ireland"), result.stderr
    assert message.endswith("or give Northern Ireland's shares as area shares (--by-region).")


@pytest.mark.parametrize("poll", BAD_POLLS)
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_bad_poll_gets_the_same_one_line_error_everywhere(name: str, poll: str) -> None:
    result = _run(name, poll)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == f"error: {_message(poll)}"
    assert "Warning" not in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_bad_area_gets_the_same_one_line_error_naming_its_row_everywhere(
    name: str, tmp_path: Any
) -> None:
    """An area shares file naming an area the election has not ("Scotlnd") is refused by
    every command with the one message naming the file and row: `advise` and `tactical`,
    whose simulations are cached by the area shares, dropped where they were given."""
    areas = tmp_path / "areas.csv"
    areas.write_text("area,party,share\nScotland,Lab,30\nScotlnd,SNP,30\n", encoding="utf-8")
    result = _run(name, POLL, "--by-region", str(areas))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: shares file 'areas.csv' row 3: Unknown area 'Scotlnd'")


def test_frozen_area_shares_keep_where_they_were_given() -> None:
    """Area shares frozen as a cache's key and thawed keep the file and row of each area (a
    refusal names them) and are one key with the same shares from elsewhere."""
    from psephos.io.shares import (
        ShareTable,
        frozen_area_shares,
        given_at,
        thawed_area_shares,
    )

    table = ShareTable(
        {"Scotland": {"SNP": 30.0}},
        what="shares file 'areas.csv'",
        rows={"Scotland": 2},
        party_rows={"Scotland": {"SNP": 2}},
    )
    frozen = frozen_area_shares(table)
    assert frozen == frozen_area_shares({"Scotland": {"SNP": 30.0}})
    assert hash(frozen) == hash(frozen_area_shares({"Scotland": {"SNP": 30.0}}))
    thawed = thawed_area_shares(frozen)
    assert thawed == {"Scotland": {"SNP": 30.0}}
    assert given_at(thawed, "Scotland", "SNP") == "shares file 'areas.csv' row 2"
    assert given_at(thawed_area_shares(frozen_area_shares({"Wales": {"PC": 20.0}})), "Wales") == ""


def test_a_short_poll_gets_a_note_not_warning_text() -> None:
    for name in ("forecast", "target", "pact"):
        result = _run(name, "Lab 40 Con 30", "-f", "json")
        assert result.exit_code == 0, result.output
        assert result.stderr.startswith("note: The Great Britain shares sum to 70.0%")
        assert "Warning" not in result.stderr


def test_a_poll_read_as_fractions_gets_the_same_note_everywhere() -> None:
    """A poll summing to 1.5 or less is read as fractions ("Reform 1" is Reform on 100%):
    every command says so in the one note the library gives, with how to write 1%."""
    import warnings

    import psephos
    from psephos.projection import ShareWarning, project

    poll = "Lab 0.3 Reform 0.25"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ShareWarning)
        project(psephos.load("2024"), poll)
    note = str(caught[0].message)
    assert "read as fractions" in note and "Lab 30%, Reform 25%" in note
    for name in COMMANDS:
        result = _run(name, poll)
        assert result.exit_code == 0, result.output
        assert f"note: {note}" in result.stderr.splitlines(), name


#: Every command with a ``--poll`` that takes a Canadian base (``turnout`` needs census data).
CANADA_COMMANDS: dict[str, list[str]] = {
    "project": ["project", "--from", "canada-2021", "--poll", "{poll}"],
    "forecast": ["forecast", "--from", "canada-2021", "--poll", "{poll}", "--sims", "200"],
    "target": ["target", "canada-2021", "--pair", "CPC,LPC", "--poll", "{poll}"],
    "pact": ["pact", "canada-2021", "--bloc", "LPC,NDP", "--poll", "{poll}"],
}


@pytest.mark.parametrize("name", list(CANADA_COMMANDS))
def test_a_canadian_poll_is_named_after_canada_in_notes_and_errors(name: str) -> None:
    """The note on a short Canadian poll and the error on one above 100% both speak of
    "the Canada shares", as every message about a UK poll speaks of Great Britain's."""
    command = CANADA_COMMANDS[name]
    short = runner.invoke(app, [part.format(poll="LPC 40 CPC 30 NDP 10") for part in command])
    assert short.exit_code == 0, short.output
    assert short.stderr.startswith("note: The Canada shares sum to 80.0%; the remaining 20.0%")
    over = runner.invoke(app, [part.format(poll="LPC 60 CPC 50") for part in command])
    assert over.exit_code == 2, over.output
    assert over.stderr.startswith("error: The Canada shares sum to 110.0%, above 100%")


@pytest.mark.parametrize("command", ["project", "forecast"])
def test_the_base_a_poll_is_swung_from_is_named(command: str) -> None:
    """`--from` offers every bundled election (Canada's too), and the output's title names the
    election the poll was swung from as `results` names it, not by its id."""
    from psephos.jurisdictions import available_elections, election_name

    help_text = " ".join(
        runner.invoke(app, [command, "--help"], env={"COLUMNS": "400"}).output.split()
    )
    assert all(election_id in help_text for election_id in available_elections())
    extra = ["--sims", "200", "--seed", "1"] if command == "forecast" else []
    poll = "LPC 33 CPC 34 NDP 18 BQ 8 GPC 2 PPC 5"
    result = runner.invoke(app, [command, "--from", "canada-2021", "--poll", poll, *extra])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert f"from {election_name('canada-2021')}" in first


def test_every_front_door_projects_a_poll_from_the_same_base_by_default() -> None:
    """`project`, `forecast`, the web swingometer and the advice's "next" election start from
    the latest result unless told otherwise, so a poll typed anywhere gives one answer."""
    from psephos.jurisdictions import UK
    from psephos.tactical.api import advice_base
    from psephos.web.settings import Settings

    poll = "Reform 29 Lab 20 Con 18 LD 13 Green 11 SNP 3 PC 1"
    payloads = {}
    for command in (["project"], ["forecast", "--sims", "200", "--seed", "1"]):
        payloads[command[0]] = command_json(*command, "--poll", poll)
    assert payloads["project"]["base"] == UK.latest_id
    assert payloads["forecast"]["projection"] == payloads["project"]["projection"]
    assert Settings().default_election == UK.latest_id == advice_base("next")
    # Projecting from a base whose next election is bundled names what that election adds.
    notes = command_json("project", "--from", "2019-notional-2024", "--poll", poll)["notes"]
    assert any("--candidates-from 2024" in note and "sites-2024" in note for note in notes)
    assert not any("--candidates-from" in note for note in payloads["project"]["notes"])


def test_pre_election_advice_defaults_to_the_engines_default_model() -> None:
    """Advice before a past election projects its final polls with the same default model as
    every poll elsewhere (the MRP average the sites used, where bundled, for 2024)."""
    from psephos.tactical.api import uncertainty_for
    from psephos.tactical.preelection import default_method, pre_election_shares

    assert default_method("2019") == default_method("ge2019") == DEFAULT_MODEL
    assert default_method("2017") == DEFAULT_MODEL
    assert default_method("2024") == "mrp"
    assert default_method("next") is None and default_method("2024-notional") is None
    assert default_method("2019-notional-2024") is None  # a result, not pre-election advice
    default = pre_election_shares("2019")
    assert (default == pre_election_shares("2019", method=DEFAULT_MODEL)).all()
    assert not (default == pre_election_shares("2019", method="uniform")).all()
    assert DEFAULT_MODEL in uncertainty_for("2019", n_sims=50).source
    with pytest.raises(PsephosError, match="applies only to pre-election advice"):
        uncertainty_for("next", method="uniform", n_sims=50)


def test_project_and_forecast_take_the_same_projection_inputs(tmp_path: Any) -> None:
    """Candidate lists, the sites' picks, a seat shape and regional shares give `forecast`
    the same projection as `project` (one set of options, one reader)."""
    regions = tmp_path / "scotland.csv"
    regions.write_text("area,party,share\nScotland,Lab,35\nScotland,SNP,30\n", encoding="utf-8")
    poll = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 2.5 PC 0.7"
    common = ["--from", "2019-notional-2024", "--poll", poll, "--candidates-from", "2024"]
    for extra in (
        ["--recommendations", "sites-2024", "--by-region", str(regions)],
        ["--shape", "mrp-2024"],
    ):
        answers = {}
        for command in (["project"], ["forecast", "--sims", "200", "--seed", "1"]):
            answers[command[0]] = command_json(*command, *common, *extra)
        assert answers["forecast"]["projection"] == answers["project"]["projection"]
        assert answers["forecast"]["candidates"] == "2024"
        assert command_json("project", *common[:4])["seats"] != answers["project"]["seats"]
    lone = runner.invoke(app, ["forecast", "--candidates-from", "2024", "--sims", "10"])
    assert lone.exit_code == 2 and "give --poll or --by-region too" in lone.output
    both = runner.invoke(
        app, ["forecast", "--poll", poll, "--candidates-from", "2024", "--candidates", "x.csv"]
    )
    assert both.exit_code == 2 and "not both" in both.output


@pytest.mark.parametrize("option", ["--candidates-from", "--candidates"])
def test_the_title_names_the_candidate_option_as_it_was_typed(option: str) -> None:
    """``forecast --candidates-from 2024`` was titled ``--candidates 2024``: the title echoes
    the option the user typed (both take a bundled election's lists), as project's does."""
    poll = "Lab 33 Con 24 Reform 15 LD 12 Green 7"
    for command in (["forecast", "--sims", "20", "--seed", "1"], ["project"]):
        result = runner.invoke(
            app, [*command, "--poll", poll, option, "2024"], env={"COLUMNS": "200"}
        )
        assert result.exit_code == 0, result.output
        title = " ".join(" ".join(result.stdout.splitlines()[:3]).split())  # wrapped
        assert f"; {option} 2024)" in title, title


def test_forecast_takes_projects_policy() -> None:
    """`forecast --policy` (the one declaration `project` takes) projects a poll as `project
    --policy` does, a poll above 100% under 'rescale' included; without a poll it is refused,
    having no shares to read."""
    short = "Lab 38 Con 20 Reform 17 LD 12 Green 7 SNP 3"  # 97%
    over = "Lab 40 Con 22 Reform 18 LD 13 Green 7 SNP 2 Ind 1"  # 103%
    for poll in (short, over):
        options = ["--poll", poll, "--policy", "rescale"]
        projected = command_json("project", *options)["projection"]
        forecast = command_json("forecast", *options, "--sims", "50", "--seed", "1")
        assert forecast["projection"] == projected
    filled = command_json("project", "--poll", short)["projection"]
    assert filled["target_shares"] != projected["target_shares"]
    lone = runner.invoke(app, ["forecast", "--policy", "rescale", "--sims", "10"])
    assert lone.exit_code == 2 and "--policy rescale reads the shares of a poll" in lone.output


def test_forecast_map_and_project_make_one_projection_through_one_function(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`forecast --poll P --by-region F --candidates-from Y` simulates around the seat shares
    `project` lists for the same options, and `project`, `map --poll` and `forecast` each
    reach the engine through the one function that reads those options
    (`project_from_options`), so the three cannot drift apart."""
    from psephos.cli import _projection_inputs, forecast

    made: dict[str, list[Any]] = {"projections": [], "means": []}
    real_project, real_plan = _projection_inputs.project, forecast.plan_forecast

    def project_spy(*args: Any, **kwargs: Any) -> Any:
        made["projections"].append(real_project(*args, **kwargs))
        return made["projections"][-1]

    def plan_spy(election: Any, mean_shares: Any, *args: Any, **kwargs: Any) -> Any:
        made["means"].append(np.array(mean_shares))
        return real_plan(election, mean_shares, *args, **kwargs)

    monkeypatch.setattr(_projection_inputs, "project", project_spy)
    monkeypatch.setattr(forecast, "plan_forecast", plan_spy)
    regions = tmp_path / "scotland.csv"
    regions.write_text("area,party,share\nScotland,Lab,35\nScotland,SNP,30\n", encoding="utf-8")
    base = "2019-notional-2024"
    poll = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 2.5 PC 0.7"
    options = ["--poll", poll, "--by-region", str(regions), "--candidates-from", "2024"]
    commands = {
        "project": ["project", "--from", base, *options, "--all-seats", "-f", "json"],
        "forecast": ["forecast", "--from", base, *options, "--sims", "200", "--seed", "1"],
        "map": ["map", base, *options, "--out", str(tmp_path / "map.svg")],
    }
    outputs = {}
    for name, args in commands.items():
        result = runner.invoke(app, args + (["-f", "json"] if name == "forecast" else []))
        assert result.exit_code == 0, (name, result.output)
        outputs[name] = result.stdout
    projections = made["projections"]
    assert len(projections) == len(commands)  # one projection each, through one function
    for other in projections[1:]:
        np.testing.assert_array_equal(other.shares, projections[0].shares)
    [mean] = made["means"]
    # the forecast simulates around each party's strongest candidate (two Independents stay
    # two candidates): the projection's own shares, scaled where a column holds several
    np.testing.assert_array_equal(mean, projections[0].contest_shares())
    parties = projections[0].base.parties
    rows = json.loads(outputs["project"])["rows"]
    assert len(rows) == len(mean)
    for row, seat in zip(rows, projections[0].shares, strict=True):
        shown = {key: value for key, value in row.items() if key.endswith("_pct")}
        shown.pop("majority_pct")
        expected = {f"{party}_pct": 100 * float(seat[parties.index(party)]) for party in parties}
        assert shown == pytest.approx({key: expected[key] for key in shown}, abs=0.006)
    summary = json.loads(outputs["project"])["projection"]
    assert json.loads(outputs["forecast"])["projection"] == summary
    without_areas = command_json(*commands["project"][:5], *options[4:])
    assert without_areas["seats"] != summary["seats"]  # the areas count


def test_inputs_for_other_boundaries_get_one_clear_error() -> None:
    """Candidate lists or sites' picks drawn on other boundaries than the base's are refused
    with one line that says so, not a "no constituency" for their first seat (or, for the
    sites, a silent skip)."""
    cases = [
        ["project", "--from", "2024", "--poll", POLL, "--candidates-from", "2019"],
        ["project", "--from", "2024", "--poll", POLL, "--recommendations", "sites-2019"],
        ["forecast", "--from", "2019", "--poll", POLL, "--recommendations", "sites-2024"],
        [
            "forecast",
            "--from",
            "canada-2021",
            "--poll",
            "LPC 40 CPC 40",
            "--candidates-from",
            "2024",
        ],
    ]
    for args in cases:
        result = runner.invoke(app, args)
        assert result.exit_code == 2, (args, result.output)
        assert "other boundaries" in result.output and "Traceback" not in result.output, args
    # the same inputs on their own boundaries still work
    ok = runner.invoke(
        app,
        ["project", "--from", "2017", "--poll", "Con 43 Lab 33", "--recommendations", "sites-2019"],
    )
    assert ok.exit_code == 0, ok.output


def test_uk_only_inputs_are_refused_for_a_canadian_base() -> None:
    """What psephos bundles for the UK only (the polls' history, the 2024 MRP shape, the next
    election's nominations) is refused or not suggested for a Canadian base, instead of being
    applied silently."""
    runner = CliRunner()
    poll = ["--poll", "LPC 33 CPC 34 NDP 18 BQ 8 GPC 2 PPC 5"]
    adjusted = runner.invoke(app, ["project", "--from", "canada-2021", *poll, "--adjust-polls"])
    assert adjusted.exit_code == 2 and "no poll history for Canada" in adjusted.stderr
    shaped = runner.invoke(app, ["project", "--from", "canada-2021", *poll, "--shape", "mrp-2024"])
    assert shaped.exit_code == 2 and "UK's 2024 seats" in shaped.stderr
    plain = runner.invoke(app, ["project", "--from", "canada-2019", *poll])
    assert plain.exit_code == 0, plain.output
    assert "--candidates-from" not in plain.stderr  # canada-2021's lists are not bundled


def test_the_real_input_back_test_says_why_canada_has_none() -> None:
    """A Canadian election asked of the real-input back-test: the reason (the final week's
    published polls are bundled for UK elections only), not a bare list of years."""
    result = CliRunner().invoke(app, ["backtest", "-e", "canada-2021", "--input", "gb"])
    assert result.exit_code == 2 and "final week's published polls" in result.stderr


@pytest.mark.parametrize("command", ["project", "forecast"])
def test_sub_polls_the_model_leaves_out_get_a_note(command: str, tmp_path: Any) -> None:
    """`--by-region` with Scottish and London shares and a model that swings Great Britain as
    one: the command says which rows it did not use and which models use them."""
    regions = tmp_path / "regions.csv"
    regions.write_text(
        "area,party,share\nScotland,Lab,35\nScotland,SNP,30\nLondon,Lab,45\nLondon,Con,20\n",
        encoding="utf-8",
    )
    extra = ["--sims", "200", "--seed", "1"] if command == "forecast" else []
    args = [command, "--from", "2024", "--poll", POLL, "--by-region", str(regions), *extra]
    answer, result = command_result(*args, "--model", "uniform")
    note = next(line for line in result.stderr.splitlines() if "does not use" in line)
    assert note.startswith("note: The uniform model does not use the Scotland, London shares")
    assert "models that use them: national, regional-uniform" in note
    if command == "project":
        assert note.removeprefix("note: ") in answer["notes"]
    used = runner.invoke(app, [*args, "--model", "regional-uniform", "-f", "json"])
    assert used.exit_code == 0 and "does not use" not in used.stderr


@pytest.mark.parametrize("command", ["project", "forecast"])
def test_a_poll_beside_a_national_row_or_a_row_for_every_area(command: str, tmp_path: Any) -> None:
    """`--poll` and a Great Britain row in `--by-region` are two inputs for one thing: refused,
    naming both. A row for every area of the model's leaves the poll unused: a note says so
    and that the area shares were used."""
    extra = ["--sims", "200", "--seed", "1"] if command == "forecast" else []
    national = tmp_path / "national.csv"
    national.write_text("area,Lab,Con\nGreat Britain,35,24\nScotland,30,15\n", encoding="utf-8")
    args = [command, "--from", "2024", "--poll", POLL, *extra]
    twice = runner.invoke(app, [*args, "--by-region", str(national)])
    assert twice.exit_code == 2, twice.output
    assert twice.stderr.startswith(
        "error: The Great Britain shares are given twice, by the poll (--poll) and by the area "
        "shares' 'Great Britain' row (--by-region)"
    )
    nations = tmp_path / "nations.csv"
    nations.write_text(
        "area,Lab,Con,SNP,PC\nEngland,35,26,0,0\nScotland,30,15,30,0\nWales,37,18,0,15\n",
        encoding="utf-8",
    )
    every = [*args, "--by-region", str(nations), "--model", "nation-uniform"]
    answer, result = command_result(*every)
    note = (
        "The Great Britain shares (the poll) were not used: every area of the nation-uniform "
        "model has shares of its own in the area shares, and the projection follows them."
    )
    assert f"note: {note}" in result.stderr.splitlines()
    if command == "project":
        assert note in answer["notes"]
    nations.write_text(nations.read_text(encoding="utf-8").rsplit("Wales", 1)[0], encoding="utf-8")
    wales_from_poll = runner.invoke(app, [*every, "-f", "json"])
    assert wales_from_poll.exit_code == 0, wales_from_poll.output
    assert "were not used" not in wales_from_poll.stderr


@pytest.mark.parametrize("name", list(CANADA_COMMANDS))
def test_an_unknown_party_in_a_canadian_poll_is_told_canadas_parties(name: str) -> None:
    """Every command reading a poll against a Canadian election lists that election's parties
    for a name it does not know, as the one reader (`read_poll` with its parties) says."""
    from psephos.jurisdictions import load

    poll = "LPC 33 CPC 34 Liberl 5"
    with pytest.raises(PsephosError) as caught:
        read_poll(poll, parties=load("canada-2021").parties)
    command = CANADA_COMMANDS[name]
    result = runner.invoke(app, [part.format(poll=poll) for part in command])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == f"error: {caught.value}"
    assert "LPC, CPC" in result.stderr and "Con," not in result.stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_a_northern_ireland_party_in_a_gb_poll_is_told_the_option_for_its_shares(
    name: str,
) -> None:
    """A Great Britain poll naming a Northern Ireland party: every command gives the reader's
    one message, which names the command line's option for Northern Ireland's own shares
    (every command takes ``--by-region``)."""
    with pytest.raises(PsephosError) as caught:
        read_poll(f"{POLL} DUP 2")
    assert str(caught.value).endswith(
        "or give Northern Ireland's shares as area shares (--by-region)."
    )
    result = _run(name, f"{POLL} DUP 2")
    assert result.exit_code == 2, result.output
    assert " ".join(result.stderr.split()) == f"error: {caught.value}"
