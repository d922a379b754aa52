"""One bad declaration is refused in the same words by ``psephos nowcast feed`` (JSON lines and
CSV) and by the web declaration API: the rules live in the library's declaration reader
(:mod:`psephos.io.declarations`), and the web only answers its refusal with a 422."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import declare, open_night

from psephos.cli import app
from psephos.io.rows import UNKNOWN_PARTIES_HINT
from psephos.web.schemas import UNKNOWN_PARTY_HINT

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

BASE = "2019-notional-2024"
CROYDON_EAST = "E14001186"
#: Each case: the declarations sent in order, the last one refused (by both).
CASES: dict[str, list[dict[str, Any]]] = {
    "unknown party": [{"seat": CROYDON_EAST, "votes": {"Lab": 100, "Flibble": 50}}],
    "fraction of a vote": [{"seat": CROYDON_EAST, "votes": {"Lab": 12.5, "Con": 50}}],
    "negative vote": [{"seat": CROYDON_EAST, "votes": {"Lab": -3, "Con": 50}}],
    "tie for first": [{"seat": CROYDON_EAST, "votes": {"Lab": 50, "Con": 50}}],
    "lot without a tie": [
        {"seat": CROYDON_EAST, "votes": {"Lab": 51, "Con": 50}, "won_by_lot": "Labour"}
    ],
    "no such seat": [{"seat": "E14009999", "votes": {"Lab": 50, "Con": 40}}],
    "declared twice": [
        {"seat": CROYDON_EAST, "votes": {"Lab": 50, "Con": 40}},
        {"seat": CROYDON_EAST, "votes": {"Lab": 60}},  # Con left out: not a whole correction
    ],
    "bad party code": [  # a code given for a label psephos does not know, not one of its codes
        {
            "seat": CROYDON_EAST,
            "candidates": [
                {"name": "Ann Smith", "party": "Labour", "votes": 100},
                {"name": "Bob Jones", "party": "Workers Party", "code": "Workers", "votes": 50},
            ],
        }
    ],
}

runner = CliRunner()


def _as_csv(declaration: dict[str, Any]) -> str:
    """One declaration as a feed's CSV (a ``won_by_lot`` column where it names one; with
    ``candidate`` and ``code`` columns for its candidates)."""
    if "candidates" in declaration:
        rows = [
            f"{declaration['seat']},{c['name']},{c['party']},{c.get('code', '')},{c['votes']}"
            for c in declaration["candidates"]
        ]
        return "\n".join(["seat,candidate,party,code,votes", *rows]) + "\n"
    lot = declaration.get("won_by_lot")
    header = "seat,party,votes" + (",won_by_lot" if lot else "")
    rows = [
        f"{declaration['seat']},{party},{votes}" + (f",{lot}" if lot else "")
        for party, votes in declaration["votes"].items()
    ]
    return "\n".join([header, *rows]) + "\n"


def _fed(tmp_path: Path, declarations: list[dict[str, Any]], suffix: str) -> str:
    """What ``psephos nowcast feed`` says feeding each declaration as a file of its own (as
    each is posted) into one store: the last one's one-line error."""
    store = tmp_path / f"night{suffix}.sqlite"
    for number, declaration in enumerate(declarations):
        path = tmp_path / f"declaration{number}{suffix}"
        text = json.dumps(declaration) + "\n" if suffix == ".jsonl" else _as_csv(declaration)
        path.write_text(text, encoding="utf-8")
        args = ["nowcast", "feed", str(path), "--from", BASE, "--store", str(store), "--quiet"]
        result = runner.invoke(app, args)
        if number < len(declarations) - 1:
            assert result.exit_code == 0, result.output
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    # how to count a party psephos does not know as Other: the command's option
    return line.removeprefix("error: ").removesuffix(f" {UNKNOWN_PARTIES_HINT}")


def _posted(client: TestClient, token: str, night: str, declarations: list[dict[str, Any]]) -> str:
    """What the declaration API says to the same declarations, posted in order: the last
    one's refusal (its one problem as ``field: message``, as the feed names the field)."""
    for declaration in declarations[:-1]:
        assert declare(client, token, {"election": night, **declaration}).is_success
    refused = declare(client, token, {"election": night, **declarations[-1]})
    assert refused.status_code == 422, refused.text
    detail = refused.json()["detail"]
    if not isinstance(detail, str):
        [problem] = detail
        detail = f"{problem['field']}: {problem['message']}"
    return detail.removesuffix(f" {UNKNOWN_PARTY_HINT}")  # the API's way: a code


def _message(said: str) -> str:
    """A refusal without the field it names (a CSV's column, a JSON key's path)."""
    return said.split(": ", 1)[1] if said.split(": ", 1)[0].replace(".", "").isalnum() else said


def _counts_as_text(declaration: dict[str, Any]) -> dict[str, Any]:
    """The declaration with its counts given as text, as a CSV's cells are."""
    if "candidates" in declaration:
        candidates = [{**c, "votes": str(c["votes"])} for c in declaration["candidates"]]
        return {**declaration, "candidates": candidates}
    return {**declaration, "votes": {party: str(n) for party, n in declaration["votes"].items()}}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_declaration_is_refused_alike_by_the_feed_and_the_api(
    organiser_client: tuple[TestClient, str], tmp_path: Path, case: str
) -> None:
    """Each interface says how to count an unknown party as Other its own way (the command's
    option, the API's candidate code); the refusal itself is one message."""
    client, token = organiser_client
    declarations = CASES[case]
    open_night(client, token, "json", base=BASE)
    posted = _posted(client, token, "json", declarations).rstrip(".")
    assert posted in _fed(tmp_path, declarations, ".jsonl"), case
    # a CSV's cells are text: the API given the counts as text says what the CSV feed says
    as_text = [_counts_as_text(d) for d in declarations]
    open_night(client, token, "text", base=BASE)
    posted = _posted(client, token, "text", as_text).rstrip(".")
    assert _message(posted) in _fed(tmp_path, declarations, ".csv"), case
