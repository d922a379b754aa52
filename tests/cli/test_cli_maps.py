"""``psephos map``: a result's or a projection's hex map, by winner, gains or majority."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import psephos
from cli_helpers import command_json
from psephos.charts import paler
from psephos.cli import app
from psephos.jurisdictions import previous_election
from psephos.projection import DEFAULT_MODEL
from psephos.results import hexmap as hexmap_module
from psephos.results import seat_report
from psephos.results.hexmap import HELD_PALENESS

runner = CliRunner()

POLL = "Lab 30 Con 20 Reform 25 LD 12 Green 9"
#: Options beside the poll, given to ``map`` and ``project`` alike.
INPUTS = ["--model", "uniform", "--candidates-from", "2024"]


@pytest.fixture
def drawn(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every call of ``plot_hexmap`` the command makes (the picture is still drawn)."""
    calls: list[dict[str, Any]] = []
    real = hexmap_module.plot_hexmap

    def spy(election: psephos.Election, path: Path, **kwargs: Any) -> Path:
        calls.append({"election": election, "path": path, **kwargs})
        return real(election, path, **kwargs)

    monkeypatch.setattr(hexmap_module, "plot_hexmap", spy)
    return calls


def _project(*options: str) -> dict[str, Any]:
    return command_json(
        "project", "--from", "2019-notional-2024", "--poll", POLL, *INPUTS, *options
    )


def _map(tmp_path: Path, *options: str) -> Path:
    out = tmp_path / "map.svg"
    result = runner.invoke(
        app, ["map", "2019-notional-2024", "--poll", POLL, *INPUTS, "--out", str(out), *options]
    )
    assert result.exit_code == 0, result.output
    return out


def test_a_projections_map_shows_the_winners_project_lists(
    tmp_path: Path, drawn: list[dict[str, Any]]
) -> None:
    out = _map(tmp_path)
    assert out.read_bytes().startswith(b"<?xml")
    [call] = drawn
    mapped = call["election"]
    rows = _project("--all-seats")["rows"]
    winners = {row["code"]: row["winner"] for row in rows}
    assert dict(zip(mapped.codes, (mapped.parties[w] for w in mapped.winner), strict=True)) == (
        winners
    )
    assert list(call["colours"]) == [mapped.colour(winners[code]) for code in mapped.codes]
    assert "Projection of the poll " + POLL in call["title"]
    assert "uniform model" in call["title"]
    assert "2019, notional result on the 2024 boundaries" in call["title"]


def test_a_projections_gains_are_the_seats_project_says_change_hands(
    tmp_path: Path, drawn: list[dict[str, Any]]
) -> None:
    _map(tmp_path, "--show", "gains")
    [call] = drawn
    mapped = call["election"]
    changing = {row["code"]: row["winner"] for row in _project("--seats")["rows"]}
    assert changing  # the poll moves seats, so the test can tell gains from holds
    full = [mapped.colour(mapped.parties[w]) for w in mapped.winner]
    for code, fill, colour in zip(mapped.codes, call["colours"], full, strict=True):
        assert fill == (colour if code in changing else paler(colour, HELD_PALENESS)), code
    headings = [entry.label for entry in call["key"] if entry.colour is None]
    assert headings[0] == f"Gains ({len(changing)} seats)"


def test_a_results_gains_are_the_seats_results_calls_gains(
    tmp_path: Path, drawn: list[dict[str, Any]]
) -> None:
    out = tmp_path / "gains.png"
    result = runner.invoke(app, ["map", "2024", "--show", "gains", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:4] == b"\x89PNG"
    [call] = drawn
    election = psephos.load("2024")
    before = previous_election(election)
    gains: dict[str, int] = {}
    for code in election.codes:
        report = seat_report(election, code, before)
        if " gain from " in report.outcome:
            gains[report.winner_label] = gains.get(report.winner_label, 0) + 1
    key = [entry.label for entry in call["key"]]
    held = key.index(next(label for label in key if label.startswith("Held")))
    assert key[0] == f"Gains ({sum(gains.values())} seats)"
    assert {label.rsplit(" ", 1)[0]: int(label.rsplit(" ", 1)[1]) for label in key[1:held]} == (
        gains
    )
    assert "since UK general election 2019, notional result" in call["title"]


@pytest.mark.parametrize("options", [[], ["--poll", POLL, *INPUTS]])
def test_the_map_says_in_a_sentence_what_it_drew_and_where(
    tmp_path: Path, options: list[str]
) -> None:
    """The closing line reads as a sentence: a projection is 'the projection from' its base,
    not its title-cased name mid-sentence."""
    out = tmp_path / "map.svg"
    result = runner.invoke(app, ["map", "2019-notional-2024", *options, "--out", str(out)])
    assert result.exit_code == 0, result.output
    base = psephos.load("2019-notional-2024").name
    drawn = f"the projection from {base} (uniform model)" if options else base
    assert f"Hex map of {drawn} written to" in " ".join(result.output.split())
    assert "Projection" not in result.output


def test_the_majority_map_of_a_result(tmp_path: Path, drawn: list[dict[str, Any]]) -> None:
    out = tmp_path / "majority.svg"
    result = runner.invoke(app, ["map", "2024", "--show", "majority", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"<?xml")
    [call] = drawn
    bins = [entry.label for entry in call["key"]][1:5]
    assert [label.split(":")[0] for label in bins] == [
        "under 5",
        "5 to 10",
        "10 to 20",
        "20 or more",
    ]
    assert sum(int(label.split(": ")[1].split()[0]) for label in bins) == 650


def test_the_swingometer_maps_the_same_winners(tmp_path: Path, drawn: list[dict[str, Any]]) -> None:
    pytest.importorskip("fastapi")
    from psephos.web import services

    out = tmp_path / "map.svg"
    result = runner.invoke(app, ["map", "2024", "--poll", POLL, "--out", str(out)])
    assert result.exit_code == 0, result.output
    [call] = drawn
    mapped = call["election"]
    page = services.swingometer("2024", POLL, DEFAULT_MODEL)
    assert page["winners"] == {
        code: mapped.parties[w] for code, w in zip(mapped.codes, mapped.winner, strict=True)
    }


def test_a_users_results_file_is_mapped_as_results_reads_it(
    tmp_path: Path, drawn: list[dict[str, Any]]
) -> None:
    """``map`` takes a user's own results file, as ``results`` and ``project`` do: its seats
    are drawn by their codes, alone or swung by a poll; a seat off the bundled boundaries is
    refused in one line."""
    bundled = psephos.load("2024")
    lines = ["seat_code,seat_name,party,votes"]
    for result in list(bundled)[:4]:
        seat = result.constituency
        lines += [f'{seat.code},"{seat.name}",{c.party},{int(c.votes)}' for c in result.candidates]
    mine = tmp_path / "my-results.csv"
    mine.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = str(tmp_path / "map.svg")
    for options, said in (
        ([], "the results in my-results.csv"),
        (["--poll", POLL], "the projection from the results in my-results.csv"),
    ):
        result = runner.invoke(app, ["map", str(mine), "--out", out, *options])
        assert result.exit_code == 0, result.output
        assert sorted(drawn[-1]["election"].codes) == sorted(bundled.codes[:4])
        # a file's title ("Results from my-results.csv") is not pasted mid-sentence
        assert f"Hex map of {said}" in " ".join(result.output.split())
        assert "Results from" not in result.output
    gains = runner.invoke(app, ["map", str(mine), "--show", "gains", "--out", out])
    assert gains.exit_code == 2
    assert " ".join(gains.stderr.split()).endswith(  # after the note on its seats' regions
        "error: --show gains compares with the previous election on the same boundaries, and a "
        "results file (my-results.csv) has none; use --show winner or majority."
    )
    off = tmp_path / "off.csv"
    off.write_text("seat_code,seat_name,party,votes\nX1,Nowhere,Lab,3\n", encoding="utf-8")
    for options in ([], ["--poll", POLL]):
        result = runner.invoke(app, ["map", str(off), "--out", out, *options])
        assert result.exit_code == 2
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == 1 and "Nowhere (X1)" in errors[0], result.output
        assert "needs seats on bundled boundaries" in result.stderr.replace("\n", " ")
