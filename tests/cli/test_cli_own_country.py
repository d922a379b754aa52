"""A results file of a country psephos bundles nothing of (its parties none that psephos
knows, the BJP and the INC) works on every command that takes a results file, read as an
election of its own country; a command that needs bundled data refuses it in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli_helpers import command_json, command_result
from psephos.cli import app

runner = CliRunner()

#: Three made-up seats.
SMALL = """seat_code,seat_name,party,votes
1,Riverton,BJP,612970
1,Riverton,INC,460457
1,Riverton,BSP,33766
2,Amethi,INC,539228
2,Amethi,BJP,372032
3,Lakeview,INC,687649
3,Lakeview,BJP,297619
"""


def made_up_seats(
    leaders: tuple[str, str], ahead: int, base: int, others: tuple[tuple[str, int], ...]
) -> str:
    """Twenty made-up seats: the first of ``leaders`` ahead of the second by 2 to 2 * ``ahead``
    points in the first ``ahead`` seats, behind in the rest, each on ``base`` (hundreds of
    votes) give or take the lead; ``others`` stand everywhere with their votes."""
    rows = ["seat_code,seat_name,party,votes"]
    for seat in range(1, 21):
        lead = 2 * seat if seat <= ahead else -2 * (seat - ahead)
        first, second = base + 5 * lead, base - 5 * lead
        for party, votes in ((leaders[0], first * 100), (leaders[1], second * 100), *others):
            rows.append(f"{seat},Seat {seat},{party},{votes}")
    return "\n".join(rows) + "\n"


def twenty_seats() -> str:
    """Twenty made-up seats, the INC ahead in fifteen by 2 to 20 points, the BJP in five."""
    return made_up_seats(("INC", "BJP"), 15, 450, (("BSP", 10_000),))


def _written(tmp_path: Path, name: str, text: str) -> str:
    """The path of ``text`` written as the file ``name``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.fixture
def small(tmp_path: Path) -> str:
    return _written(tmp_path, "india.csv", SMALL)


@pytest.fixture
def twenty(tmp_path: Path) -> str:
    return _written(tmp_path, "india20.csv", twenty_seats())


def test_results_of_its_own_country(small: str) -> None:
    """The national table under the file's own party names, the majority line half the seats
    plus one, and a note saying how the file was read; it was refused at "BJP"."""
    answer, result = command_result("results", small)
    assert [(row["party"], row["seats"]) for row in answer["rows"]] == [
        ("INC", 2),
        ("BJP", 1),
        ("BSP", 0),
    ]
    assert (
        answer["headline"][0] == "INC won 2 of 3 seats (2 needed for a majority): a majority of 1."
    )
    assert "note: No party of the results file 'india.csv' is one psephos knows" in result.stderr


def test_one_seat_of_its_own_country(small: str) -> None:
    answer = command_json("results", small, "--seat", "Amethi")
    assert answer["winner"] == "INC" and answer["runner_up"] == "BJP"
    assert answer["majority"] == 539228 - 372032
    # the heading names no place: the file's one area, "National", is no place (it read
    # "Amethi (2), National")
    assert answer["place"] == ""
    heading = runner.invoke(app, ["results", small, "--seat", "Amethi"]).stdout
    assert "Amethi (2)" in heading and "National" not in heading
    # no candidates' names in the file: no empty candidate column in the table (the JSON
    # keeps the key)
    assert "candidate" not in heading and "party_name" in heading
    assert all(row["candidate"] == "" for row in answer["rows"])


def test_a_poll_projects_on_its_own_parties(twenty: str) -> None:
    base = command_json("results", twenty)
    assert {row["party"]: row["seats"] for row in base["rows"]}["INC"] == 15
    for model in ("national", "uniform", "proportional", "regional-uniform"):
        answer = command_json(
            "project", "--from", twenty, "--poll", "BJP 50 INC 40 BSP 10", "--model", model
        )
        assert sum(answer["seats"].values()) == 20
        assert answer["seats"]["BJP"] > 5, model  # a swing of 10 points to the BJP


def test_a_projection_of_a_file_is_titled_by_the_file(twenty: str) -> None:
    """A projection from a results file is "Projection from india20.csv", not "Projection
    from Results from india20.csv" (:attr:`psephos.model.Election.source_name`): the table's
    title and the forecast's alike; the file's own results keep their name."""
    poll = "BJP 50 INC 40 BSP 10"
    table = runner.invoke(app, ["project", "--from", twenty, "--poll", poll, "-m", "national"])
    assert table.exit_code == 0, table.output
    assert "Projection from india20.csv (national" in table.stdout
    assert "Results from" not in table.stdout
    forecast = runner.invoke(app, ["forecast", "--from", twenty, "--poll", poll, "--sims", "50"])
    assert forecast.exit_code == 0, forecast.output
    assert "Forecast from india20.csv (50 simulations" in forecast.stdout
    results = runner.invoke(app, ["results", twenty])
    assert "Results from india20.csv" in results.stdout  # the file's own results keep theirs


def test_a_misspelt_party_in_the_poll_is_read_against_the_files_parties(twenty: str) -> None:
    result = runner.invoke(app, ["project", "--from", twenty, "--poll", "BJPP 50 INC 40"])
    assert result.exit_code == 2
    assert "Unknown party 'BJPP'; known parties: INC, BJP, BSP. Did you mean 'BJP'?" in (
        result.output
    )
    unknown = runner.invoke(app, ["project", "--from", twenty, "--poll", "XYZ 5 INC 40"])
    assert unknown.exit_code == 2
    assert "Leave a party the election does not have out" in unknown.output
    assert "as Other" not in unknown.output  # the election has no Other column


def test_other_systems_govern_and_marginals(twenty: str) -> None:
    systems = command_json("systems", twenty)
    fptp, dhondt = systems["systems"][0], systems["systems"][1]
    assert (fptp["largest_party"], fptp["largest_seats"], fptp["majority_line"]) == ("INC", 15, 11)
    assert dhondt["system"] == "dhondt-national" and dhondt["largest_seats"] < 15
    govern = command_json("govern", twenty)
    assert (govern["nominal_majority"], govern["largest_party"]) == (11, "INC")
    assert (govern["speaker"], govern["abstentionists"], govern["n_voting"]) == (0, {}, 20)
    marginals = command_json("marginals", twenty, "--top", "3")
    closest = [row["name"] for row in marginals["rows"]]
    assert set(closest[:2]) == {"Seat 1", "Seat 16"} and len(closest) == 3  # 2-point leads


def test_its_own_country_is_told_in_no_uk_words(tmp_path: Path) -> None:
    """A country of its own has no MPs, Speaker or Deputy Speakers, nor a "hung parliament"
    or constituencies: govern counts its members, and a House where no party has a majority
    is said plainly (they said "40 MPs vote", "the Speaker, the Deputy Speakers ...", "Hung
    parliament" and "No constituency")."""
    split = _written(
        tmp_path, "split.csv", made_up_seats(("INC", "BJP"), 10, 450, (("BSP", 10_000),))
    )
    poll = ("--from", split, "--poll", "INC 40 BJP 40 BSP 20")
    govern = runner.invoke(app, ["govern", split]).output
    assert "20 members vote (not voting: none)" in govern
    assert "MPs" not in govern and "ung parliament" not in govern
    project = runner.invoke(app, ["project", *poll]).output
    assert "House with no majority: no party has the 11 seats a majority needs" in project
    forecast = runner.invoke(app, ["forecast", *poll, "--seed", "1"]).output
    assert "House with no majority:" in forecast and "ung parliament" not in forecast
    assert "MPs" not in forecast and "the Speaker, the Deputy Speakers" not in forecast
    refused = runner.invoke(app, ["results", split, "--seat", "Zzzq"]).output
    assert "No seat 'Zzzq' in election 'split'" in refused


def test_charts_give_its_parties_their_own_colours(twenty: str, tmp_path: Path) -> None:
    """Each of the file's parties its own colour of the one palette, by its column."""
    from psephos.government.charts import parliament_diagram
    from psephos.government.parliament import parliament
    from psephos.jurisdictions import read_results_csv
    from psephos.model.party import OWN_COLOURS

    with pytest.warns(Warning, match="its own country"):
        election = read_results_csv(twenty)
    assert [election.colour(party) for party in election.parties] == list(OWN_COLOURS[:3])
    house = parliament(election)
    diagram = parliament_diagram(house, election_id=election.id, parties=election.parties)
    assert set(diagram.colours) == {OWN_COLOURS[0], OWN_COLOURS[1]}
    for command in (["systems", twenty], ["govern", twenty]):
        chart = tmp_path / f"{command[0]}.png"
        result = runner.invoke(app, [*command, "--chart", str(chart)])
        assert result.exit_code == 0, result.output
        assert chart.stat().st_size > 0


def test_a_command_needing_bundled_data_refuses_in_one_line(twenty: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["map", twenty, "--out", str(tmp_path / "map.png")])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: The hex map is available for UK")
    assert "a country psephos bundles no data for" in errors[0]
    assert "Traceback" not in result.output


def new_zealand_twenty() -> str:
    """Twenty made-up seats of a country whose parties mix in names psephos knows: Labour
    ahead in twelve, National in eight, the Greens and ACT third and fourth everywhere."""
    return made_up_seats(("Labour", "National"), 12, 400, (("Green", 12_000), ("ACT", 8000)))


@pytest.fixture
def new_zealand(tmp_path: Path) -> str:
    return _written(tmp_path, "nz20.csv", new_zealand_twenty())


def test_a_mixed_file_is_refused_offering_own(new_zealand: str) -> None:
    result = runner.invoke(app, ["results", new_zealand])
    assert result.exit_code == 2
    assert "Unknown party 'National'" in result.output
    assert "(--unknown-parties other), or, for an election of a country psephos" in " ".join(
        result.output.split()
    )


def test_unknown_parties_own_reads_a_mixed_file_on_every_command(new_zealand: str) -> None:
    """--unknown-parties own: "Labour" and "Green" are the file's own parties, not the UK's,
    in results, marginals, systems, govern, pact and project, each with the note."""
    own = ("--unknown-parties", "own")
    answer, result = command_result("results", new_zealand, *own)
    assert [(row["party"], row["seats"]) for row in answer["rows"]] == [
        ("Labour", 12),
        ("National", 8),
        ("Green", 0),
        ("ACT", 0),
    ]
    assert "read, as asked (unknown parties 'own'), as an election of its own" in result.stderr
    marginals = command_json("marginals", new_zealand, "--top", "2", *own)
    assert {row["winner"] for row in marginals["rows"]} == {"Labour", "National"}
    systems = command_json("systems", new_zealand, *own)
    assert systems["systems"][0]["largest_party"] == "Labour"
    govern = command_json("govern", new_zealand, "--coalition", "National+Labour", *own)
    assert govern["largest_party"] == "Labour"  # not the UK's Lab
    assert govern["headline"][1].startswith("Labour, with 12 seats: a majority of the House")
    project = command_json(
        "project", "--from", new_zealand, "--poll", "National 50 Labour 30 Green 12 ACT 8", *own
    )
    assert project["seats"]["National"] > 8
    assert project["headline"][0].startswith("National, with ")  # not the UK's SNP
    pact = command_json("pact", new_zealand, "--bloc", "Labour,Green", *own)
    assert pact["bloc"] == ["Labour", "Green"]


#: New Zealand's parties as its results name them in full.
FULL_NAMES = made_up_seats(
    ("Labour Party", "National Party"),
    12,
    450,
    (("Green Party", 9_000), ("ACT New Zealand", 4_000), ("Te Pāti Māori", 2_000)),
)


def test_an_own_country_s_parties_are_read_by_their_short_names_in_every_command(
    tmp_path: Path,
) -> None:
    """ "Labour" read as the Labour Party in a poll but not in a bloc or a pair, "National"
    and "ACT" nowhere, and target named the UK's "Lab", which the user never typed. Each
    command reads a name as the one party whose name begins with it, accents aside."""
    path = _written(tmp_path, "nz.csv", FULL_NAMES)
    own = ("--unknown-parties", "own")
    poll = "Labour 40 National 30 Green 15 ACT 10 Te Pati Maori 5"
    project = command_json("project", "--from", path, "--poll", poll, *own)
    assert project["target_shares"]["National"]["National Party"] == 30.0
    pact = command_json("pact", path, "--bloc", "Labour,Green", *own)
    assert pact["bloc"] == ["Labour Party", "Green Party"]
    target = command_json("target", path, "-p", "National,Labour", *own)
    assert {(row["holder"], row["rival"]) for row in target["rows"]} == {
        ("Labour Party", "National Party")  # Labour's seats, National second in each
    }


def _ranked(answer: dict[str, object]) -> list[dict[str, object]]:
    """A target list's rows, checked to be ranked 1, 2, ... by sensitivity (most votes' worth
    of chance first), each chance of winning between 0 and 1 (a seat 30 points behind rounds
    to 0), the first's strictly."""
    rows = answer["rows"]
    assert isinstance(rows, list) and rows
    assert [row["rank"] for row in rows] == list(range(1, len(rows) + 1))
    assert all(0 <= row["win_probability"] <= 1 for row in rows)
    assert 0 < rows[0]["win_probability"] < 1
    per_vote = [row["per_1000_votes"] for row in rows]
    assert per_vote == sorted(per_vote, reverse=True)
    return rows


def test_target_lists_the_seats_of_a_file(twenty: str) -> None:
    """The BJP's list against the INC: the INC's fifteen seats, where the BJP is behind, the
    closest first, on the documented seat sd with a note saying why (it was refused as an
    unknown election)."""
    answer, result = command_result("target", twenty, "-p", "BJP,INC")
    rows = _ranked(answer)
    assert answer["n_listed"] == len(rows) == 15
    assert all(row["margin_pct"] < 0 and row["holder"] == "INC" for row in rows)
    assert {row["rival"] for row in rows} == {"BJP"}  # the seat's second: the BJP in each
    assert [row["name"] for row in rows[:3]] == ["Seat 1", "Seat 2", "Seat 3"]  # 2, 4, 6 points
    assert answer["seat_sd"] == 0.05 and answer["national_sd"] == 0.03
    note = (
        "The seat sd is the documented default, 5.0 points: the results file 'india20.csv' has "
        "no past results of its own to measure it on, and psephos bundles no past elections of "
        "its country."
    )
    assert note in answer["notes"] and f"note: {note}" in result.stderr
    found = command_json("target", twenty, "-p", "BJP,INC", "--find", "Seat 3")
    assert found["find"]["rank"] == 3 and found["headline"][0].startswith("Seat 3: rank 3 of 15")


def test_target_projects_a_file_to_a_poll(twenty: str) -> None:
    """--poll moves the margins of the same list (the INC's seats at the file's result)."""
    answer = command_json("target", twenty, "-p", "BJP,INC", "--poll", "BJP 50 INC 40 BSP 10")
    rows = _ranked(answer)
    assert answer["projection"]["seats"]["BJP"] == 15 and answer["n_listed"] == 15
    assert any(row["margin_pct"] > 0 for row in rows)  # seats the poll gives the BJP


def test_target_reads_a_mixed_file_as_its_own_country(new_zealand: str) -> None:
    refused = runner.invoke(app, ["target", new_zealand, "-p", "National,Labour"])
    assert refused.exit_code == 2 and "Unknown party 'National'" in refused.output
    answer = command_json(
        "target", new_zealand, "-p", "National,Labour", "--unknown-parties", "own"
    )
    rows = _ranked(answer)
    assert len(rows) == 12 and {(row["holder"], row["rival"]) for row in rows} == {
        ("Labour", "National")
    }
    assert any("The seat sd is the documented default" in note for note in answer["notes"])


#: Eight made-up seats of UK parties (codes no bundled seat has), the Conservatives ahead of
#: Labour by 4.8 to 33.6 points in the first four, behind in the rest.
UK_TOWNS = "seat_code,seat_name,party,votes\n" + "".join(
    f"E{seat},Town {seat},Lab,{(400 + 30 * seat) * 10}\n"
    f"E{seat},Town {seat},Con,{(700 - 30 * seat) * 10}\n"
    f"E{seat},Town {seat},LD,1500\n"
    for seat in range(1, 9)
)


def test_target_measures_a_uk_files_seat_sd_on_uk_elections(tmp_path: Path) -> None:
    """A file of UK parties has no past of its own, but the pair's seat sd is measured on the
    bundled UK elections, as a list from 2024 measures it, with a note saying so."""
    from psephos.targeting.sensitivity import historical_seat_sd

    towns = _written(tmp_path, "towns.csv", UK_TOWNS)
    answer = command_json("target", towns, "-p", "Lab,Con")
    rows = _ranked(answer)
    assert [row["code"] for row in rows] == ["E4", "E3", "E2", "E1"]
    assert answer["seat_sd"] == round(historical_seat_sd("Lab", "Con", up_to="2024"), 5)
    assert (
        "The seat sd, 10.5 points, is measured on the seat-level changes of Lab and Con at the "
        "UK elections psephos bundles (up to 2024): the results file 'towns.csv' has no past "
        "results of its own."
    ) in answer["notes"]


@pytest.mark.parametrize(
    ("command", "needs"),
    [
        (["nearest", "Leeds", "--election"], "The nearest-seat search takes a bundled election"),
        (["allocate", "volunteers.csv", "--election"], "Volunteer allocation takes a bundled"),
        (["turnout", "--change", "10"], "The turnout scenario takes a bundled election"),
    ],
    ids=lambda value: value[0] if isinstance(value, list) else "",
)
def test_targeting_commands_needing_geography_refuse_a_file_in_one_line(
    tmp_path: Path, command: list[str], needs: str
) -> None:
    """nearest, allocate and turnout need seat centroids or census age groups, which no
    results file gives: one line says so (it was "Unknown election 'towns.csv'")."""
    towns = _written(tmp_path, "towns.csv", UK_TOWNS)
    _written(tmp_path, "volunteers.csv", "id,hours,postcode\nv1,3,LS1\n")
    arguments = [
        argument.replace("volunteers.csv", str(tmp_path / "volunteers.csv")) for argument in command
    ]
    result = runner.invoke(app, [*arguments, towns])
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {needs}"), result.output
    assert "not a results file" in errors[0] and "a results file does not give" in errors[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "command",
    [
        ["tactical", "--against", "INC", "--election"],
        ["advise", "Seat 1", "--prefer", "BJP", "--against", "INC", "--election"],
        ["swap", "offers.csv", "--election"],
    ],
    ids=lambda value: value[0],
)
def test_tactical_commands_take_a_file_of_its_own_country(
    twenty: str, tmp_path: Path, command: list[str]
) -> None:
    """advise, tactical and swap simulate the file's own result, as for a bundled election
    (they refused it: "takes a bundled election (next, ...), not a results file")."""
    offers = _written(tmp_path, "offers.csv", "seat,preferred,willing\nSeat 1,BJP,INC\n")
    arguments = [arg.replace("offers.csv", offers) for arg in command]
    answer = command_json(*arguments, twenty, "--sims", "200")
    assert "india20.csv" in answer.get("source", "india20.csv")
    assert "error" not in answer


def test_a_tie_for_the_largest_party_is_said_by_results_project_and_govern(
    tmp_path: Path,
) -> None:
    """Two parties on the most seats are a tie in every headline, by the one rule govern's
    note uses (``psephos.model.tied_for_largest``): results named the first by code alone
    ("INC won 2 of 5 seats ..."), project described it alone; and an own country's plain
    chamber has no Deputy Speakers for the government side to give up."""
    tied = _written(tmp_path, "tied.csv", SMALL + "4,Hill,BJP,500\n4,Hill,INC,400\n5,Vale,BSP,9\n")
    answer = command_json("results", tied)
    assert answer["headline"][0] == (
        "BJP and INC tie for the largest party, on 2 of 5 seats each (3 needed for a "
        "majority): a House with no majority, each 1 short of a majority."
    )
    projected = command_json("project", "--from", tied, "--poll", "BJP 45 INC 45 BSP 10")
    assert projected["seats"]["BJP"] == projected["seats"]["INC"] == 2
    assert "BJP and INC tie for the largest party on 2 seats" in projected["headline"][0]
    assert [line.split(",")[0] for line in projected["headline"][1:]] == ["BJP", "INC"]
    governed = command_json("govern", tied)
    (note,) = [note for note in governed["notes"] if "tie for the largest party" in note]
    assert note.startswith("BJP and INC tie for the largest party on 2 seats; psephos takes BJP")
    assert "Deputy Speaker" not in note


def test_govern_marks_no_coalition_connected_without_a_left_right_order(twenty: str) -> None:
    """A country of its own has no left-right order: by the rule every group would be
    "connected", which says nothing, so the coalitions' ``connected`` is unknown (null), the
    Axelrod table is left out with a note saying why (it marked every coalition "yes"); a
    bundled country's coalitions are still judged."""
    answer = command_json("govern", twenty)
    assert answer["left_right_known"] is False
    assert answer["minimal_connected_winning"] == []
    rows = answer["minimal_winning_coalitions"] + answer["partners_of_largest"]
    assert rows and all(row["connected"] is None for row in rows)
    assert any("knows no left-right order of these parties" in note for note in answer["notes"])
    table = runner.invoke(app, ["govern", twenty]).stdout
    assert "(Axelrod)" not in table and " yes " not in table.split("Minimal winning")[1]
    canada = command_json("govern", "canada-2021")
    assert canada["left_right_known"] is True and canada["minimal_connected_winning"]
    assert {row["connected"] for row in canada["minimal_winning_coalitions"]} == {True, False}


def test_a_poll_on_a_file_reads_its_parties_by_their_initials(tmp_path: Path) -> None:
    """A results file names its parties in full; a poll writes them as they are written
    everywhere, by their initials ("JLP 55 PNP 45" was refused as unknown parties)."""
    jamaica = _written(
        tmp_path,
        "jamaica.csv",
        "seat_code,seat_name,party,votes\n"
        "1,Kingston,Jamaica Labour Party,5200\n1,Kingston,People's National Party,4900\n"
        "2,Spanish Town,Jamaica Labour Party,4000\n2,Spanish Town,People's National Party,4500\n",
    )
    by_initials = command_json("project", "--from", jamaica, "--poll", "JLP 55 PNP 45")
    by_names = command_json("project", "--from", jamaica, "--poll", "Jamaica 55 People's 45")
    assert by_initials["seats"] == by_names["seats"] == {"Jamaica Labour Party": 2}


def test_results_of_a_file_count_changes_gains_and_swing_from_a_previous_file(
    tmp_path: Path,
) -> None:
    """A results file has no earlier result of its own: --previous names one (a file on the
    same seats), for the seat changes, gains and Butler swing a bundled election has; without
    it --gains says how to give one."""
    before = _written(tmp_path, "before.csv", twenty_seats())  # INC 15, BJP 5
    after = _written(
        tmp_path, "after.csv", made_up_seats(("INC", "BJP"), 10, 450, (("BSP", 10_000),))
    )
    answer = command_json("results", after, "--previous", before)
    assert answer["previous"] == "before"
    changes = {row["party"]: row["seat_change"] for row in answer["rows"]}
    assert changes["INC"] == -5 and changes["BJP"] == 5
    assert answer["swing_from"] == "INC" and answer["swing_to"] == "BJP"
    gains = command_json("results", after, "--previous", before, "--gains")
    assert [(row["party"], row["gains"]) for row in gains["rows"]] == [("BJP", 5)]
    refused = runner.invoke(app, ["results", after, "--gains"])
    assert refused.exit_code == 2 and "--previous" in refused.stderr


def test_elections_lists_every_bundled_election_a_command_takes() -> None:
    from psephos.jurisdictions import available_elections

    answer = command_json("elections")
    assert [row["id"] for row in answer["rows"]] == list(available_elections())
    canada = {row["id"]: row for row in answer["rows"]}["canada-2021"]
    assert canada["country"] == "Canada" and canada["previous"] == "canada-2019"
    assert canada["date"] == "2021-09-20"
