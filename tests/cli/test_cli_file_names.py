"""A user's results file is never taken for a bundled election, whatever it is called: a
file ``2017.csv``, ``2019.csv`` or ``canada-2021.csv`` takes none of that election's date (the
fitted model's history), candidate lists, tactical picks, Speaker or party labels, so the
same file gives the same answer under any name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import psephos
from cli_helpers import command_json, made_up_wards
from psephos.jurisdictions import bundled_base_id, bundled_id, following_id, read_results_csv
from psephos.projection import history_before

#: Names a user gives a file, each a bundled election's id or alias but the first.
NAMES = ("wards.csv", "2017.csv", "2019.csv", "2019-notional-2024.csv", "canada-2021.csv")
#: Names that are bundled ids or aliases of Canada's 2021 election but the first.
CANADIAN_NAMES = ("mydata.csv", "canada2021.csv", "canada-2021.csv")
POLL = "Lab 30 Con 25 LD 15 Green 10 Reform 15"


def made_up_country() -> str:
    """Twenty seats of made-up parties (no country's psephos knows) in two regions."""
    rows = ["seat_code,seat_name,region,party,votes"]
    for seat in range(1, 21):
        lead = 2 * seat if seat <= 12 else -2 * (seat - 12)
        region = "North" if seat <= 10 else "South"
        for party, votes in (("Unity", 450 + 5 * lead), ("Progress", 450 - 5 * lead)):
            rows.append(f"{seat},Seat {seat},{region},{party},{votes * 100}")
        rows.append(f"{seat},Seat {seat},{region},Farmers,{10_000 + 300 * seat}")
    return "\n".join(rows) + "\n"


def _written(tmp_path: Path, name: str, text: str) -> str:
    """The path of ``text`` written as the file ``name`` (in a folder of its own)."""
    folder = tmp_path / name.replace(".", "_")
    folder.mkdir(parents=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def _answer(answer: dict[str, Any]) -> dict[str, Any]:
    """What a projection says, its file's name in the notes written ``FILE``."""
    name = str(answer["from_file"])
    notes = [note.replace(name, "FILE") for note in answer["notes"]]
    return {**{key: answer[key] for key in ("seats", "rows", "headline")}, "notes": notes}


def test_a_file_named_like_a_bundled_election_is_not_one(tmp_path: Path) -> None:
    """The one test of "is this a bundled election" answers no for a user's file, and for a
    projection of one; the bundled election of that name is still one."""
    unnamed = read_results_csv(_written(tmp_path, NAMES[0], made_up_wards()))
    for name in NAMES[1:]:
        election = read_results_csv(_written(tmp_path, name, made_up_wards()))
        assert election.from_file == name
        projected = election.with_votes(election.votes)
        assert projected.from_file == name  # a projection of a file is one too
        for made in (election, projected):
            assert bundled_id(made) is None and bundled_base_id(made) is None
            assert following_id(made) is None
        assert history_before(election) == history_before(unnamed)  # every bundled pair
    bundled = psephos.load("2017")
    assert bundled.from_file is None
    assert bundled_id(bundled) == "2017" and following_id(bundled) == "2019"


def test_the_same_file_projects_the_same_under_any_name(tmp_path: Path) -> None:
    """A made-up county's wards named ``2017.csv`` were refused ("650 of the 650 seats in the
    candidate lists are not seats of '2017'"), and named ``canada-2021.csv`` gave Lab 9 where
    ``wards.csv`` gave Lab 10 (the fitted model learnt only the pairs before Canada's 2021)."""
    answers = {
        name: command_json(
            "project", "--from", _written(tmp_path, name, made_up_wards()), "--poll", POLL
        )
        for name in NAMES
    }
    first = _answer(answers[NAMES[0]])
    for name, answer in answers.items():
        assert _answer(answer) == first, name
        assert answer["from_file"] == name  # told apart from the bundled election of its name
        assert answer["candidates"] is None and answer["recommendations"] is None
    uniform = [
        command_json(
            "project",
            "--from",
            _written(tmp_path / "uniform", name, made_up_wards()),
            "--poll",
            "Lab 30 Con 25",
            "--model",
            "uniform",
        )
        for name in NAMES[:2]
    ]
    assert _answer(uniform[0]) == _answer(uniform[1])


def test_the_same_file_forecasts_the_same_under_any_name(tmp_path: Path) -> None:
    forecasts = [
        command_json(
            "forecast",
            "--from",
            _written(tmp_path, name, made_up_wards()),
            "--poll",
            POLL,
            "--sims",
            "400",
            "--seed",
            "1",
        )
        for name in ("wards.csv", "canada-2021.csv", "2017.csv")
    ]
    assert all(answer["p_hung"] == forecasts[0]["p_hung"] for answer in forecasts)
    assert all(answer["rows"] == forecasts[0]["rows"] for answer in forecasts)
    assert all(answer["headline"] == forecasts[0]["headline"] for answer in forecasts)


@pytest.mark.parametrize("model", ["national", "uniform"])
def test_a_made_up_country_named_2017_projects(tmp_path: Path, model: str) -> None:
    """A made-up country's file called after its year projects as under any other name."""
    poll = "Unity 40 Progress 45 Farmers 15"
    answers = [
        command_json(
            "project",
            "--from",
            _written(tmp_path, name, made_up_country()),
            "--poll",
            poll,
            "--model",
            model,
        )
        for name in ("ruritania.csv", "2017.csv", "2019.csv")
    ]
    assert sum(answers[0]["seats"].values()) == 20
    assert all(_answer(answer) == _answer(answers[0]) for answer in answers)


def test_a_canadian_file_projects_the_same_under_any_name(tmp_path: Path) -> None:
    """A Canadian file named ``canada2021.csv`` (an alias of the bundled 2021) gave CPC 163
    where ``mydata.csv`` gave CPC 165, with the same bytes."""
    rows = ["seat_code,seat_name,region,party,votes"]
    for seat in range(1, 31):
        province = ("Ontario", "Quebec", "Alberta")[seat % 3]
        lead = seat - 15
        rows += [
            f"{10000 + seat},Riding {seat},{province},Liberal,{20_000 + 400 * lead}",
            f"{10000 + seat},Riding {seat},{province},Conservative,{20_000 - 400 * lead}",
            f"{10000 + seat},Riding {seat},{province},NDP,{8_000 + 100 * seat}",
        ]
    text = "\n".join(rows) + "\n"
    answers = {
        name: command_json(
            "project", "--from", _written(tmp_path, name, text), "--poll", "CPC 40 LPC 35 NDP 25"
        )
        for name in CANADIAN_NAMES
    }
    first = _answer(answers[CANADIAN_NAMES[0]])
    assert all(_answer(answer) == first for answer in answers.values())
