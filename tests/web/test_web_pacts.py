"""Electoral pact page and its JSON twin (:mod:`psephos.pacts`)."""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import page_error, page_token, post_twin_and_page

import psephos
from cli_helpers import command_json, untimed
from psephos.cli import app as cli
from psephos.forecast.calibration import poll_error_model
from psephos.numbers import format_number, plain
from psephos.pacts import (
    best_placed_stand_downs,
    optimise_pact,
    parse_stand_downs,
    simulate_pact,
)
from psephos.pacts.charts import pact_rows
from psephos.projection import DEFAULT_MODEL
from psephos.tactical.uncertainty import ForecastErrors, SeatUncertainty


def test_pact_twin_matches_the_library(client: TestClient) -> None:
    body = client.get("/api/pacts", params={"election": "2024", "bloc": "Con,Reform"}).json()
    base = psephos.load("2024")
    expected = simulate_pact(
        base, best_placed_stand_downs(base, ["Con", "Reform"]), bloc=["Con", "Reform"]
    )
    assert body["bloc"] == ["Con", "Reform"]
    assert body["bloc_seats_after"] == expected.bloc_seats_after
    assert body["n_stand_downs"] == len(expected.stand_downs) == len(body["ledger"])
    assert body["bloc_gain"] > 0
    by_party = {row["party"]: row for row in body["rows"]}
    assert by_party["Reform"]["stands_down_in"] > by_party["Con"]["stands_down_in"] > 0


def test_pact_twin_rows_are_parties_and_the_bloc_total_is_apart(client: TestClient) -> None:
    """``/api/pacts`` ended its ``seats`` with the bloc's total row, so summing the seats
    counted the bloc twice: as ``psephos pact -f json``, ``rows`` are parties only (they sum
    to the House) and the bloc's total is ``bloc_total``."""
    params = {"election": "2024", "bloc": "Lab,LD,Green"}
    body = client.get("/api/pacts", params=params).json()
    assert "seats" not in body
    assert not any(row["party"].startswith("bloc:") for row in body["rows"])
    assert sum(row["seats_after"] for row in body["rows"]) == 650
    assert body["bloc_total"]["party_label"] == "bloc: Lab + LD + Green"
    assert body["bloc_total"]["seats_after"] == body["bloc_seats_after"]
    page = client.get("/pacts", params=params).text
    assert "bloc: Lab + LD + Green" in page  # the page's table still ends with the total


def test_pact_optimised_with_a_limit(client: TestClient) -> None:
    params = {"election": "2024", "bloc": "Con,Reform", "optimise": "true", "max_per_party": 5}
    body = client.get("/api/pacts", params=params).json()
    plan = optimise_pact(psephos.load("2024"), bloc=["Con", "Reform"], max_per_party=5)
    assert body["optimised"] and body["n_stand_downs"] == len(plan.result.stand_downs)
    assert max(body["stand_downs_per_party"].values()) <= 5
    assert body["bloc_seats_after"] == plan.result.bloc_seats_after
    page = client.get("/pacts", params=params)
    assert page.status_code == 200 and 'id="pact-ledger"' in page.text


def test_the_bloc_is_read_as_the_command_reads_it(client: TestClient) -> None:
    """The page and its twin read the bloc with the one reader of a list of parties
    (:func:`psephos.model.split_parties`), as ``psephos pact --bloc`` does: 'Lab+LD' and
    'Lab; LD' are 'Lab,LD'."""
    comma = client.get("/api/pacts", params={"election": "2019", "bloc": "Lab,LD"}).json()
    assert comma["bloc"] == ["Lab", "LD"]
    for written in ("Lab+LD", "Lab; LD", "Lab > LD"):
        params = {"election": "2019", "bloc": written}
        assert client.get("/api/pacts", params=params).json() == comma
        page = client.get("/pacts", params=params)
        assert page.status_code == 200 and 'id="pact-ledger"' in page.text
    assert client.get("/api/pacts", params={"bloc": "Lab+<b>"}).status_code == 422


def test_pact_refuses_a_party_twice_in_the_bloc(client: TestClient) -> None:
    twice = client.get("/api/pacts", params={"bloc": "Lab,LD,Lab"})
    assert twice.status_code == 400 and "Lab is in the bloc twice" in twice.json()["detail"]
    page = client.get("/pacts", params={"bloc": "Lab,Labour"})
    assert page.status_code == 400 and "name each party once" in page.text


def test_pact_page_and_bad_input(client: TestClient) -> None:
    page = client.get("/pacts")
    assert page.status_code == 200 and 'id="pact-seats"' in page.text
    assert 'href="/pacts"' in page.text
    bad = client.get("/api/pacts", params={"bloc": "Lab,Whigs"})
    assert bad.status_code == 404  # an unknown party, like an unknown seat
    assert "Party 'Whigs' is not in election" in bad.json()["detail"]
    for typo, party in (("Libdems", "Liberal Democrat"), ("Labor", "Labour")):
        # a mistyped bloc party is offered the party, as the party resolver offers it
        typed = client.get("/pacts", params={"bloc": f"{typo},Green"})
        assert typed.status_code == 404
        assert f"Did you mean &#39;{party}&#39;" in typed.text
    limit = client.get("/api/pacts", params={"bloc": "Lab,LD", "max_per_party": 3})
    assert limit.status_code == 400
    assert "max_per_party only applies with optimise" in limit.json()["detail"]
    html = client.get("/pacts", params={"bloc": "Lab,LD", "max_per_party": 3})
    assert html.status_code == 400 and "max_per_party only applies with optimise" in html.text


def test_pact_form_with_a_blank_limit(client: TestClient) -> None:
    form = {"election": "2024", "bloc": "Lab,LD", "max_per_party": ""}
    assert client.get("/pacts", params=form).status_code == 200
    assert client.get("/api/pacts", params={**form, "max_per_party": "-1"}).status_code == 422


def test_pact_page_names_a_bloc_party_that_stood_nowhere(client: TestClient) -> None:
    params = {"election": "2019", "bloc": "Lab,TUV"}
    body = client.get("/api/pacts", params=params).json()
    assert body["absent_bloc"] == ["TUV"]
    assert body["notes"] == ["TUV stood in no seat of 2019: it adds nothing to the bloc."]
    assert body["notes"][0] in client.get("/pacts", params=params).text


def test_a_canadian_pact_is_titled_with_the_elections_name(client: TestClient) -> None:
    """Canadian names read as Canada's parties, and the answer names the election as the
    library does, not by its id."""
    body = client.get("/api/pacts", params={"election": "canada-2021", "bloc": "Liberal,NDP"})
    assert body.status_code == 200, body.text
    assert body.json()["bloc"] == ["LPC", "NDP"]
    assert body.json()["name"] == psephos.load("canada-2021").name != "canada-2021"


def _some_stand_downs(election: str, bloc: list[str], n: int) -> list[tuple[str, str]]:
    """The first ``n`` stand-downs of the default pact, as (party, seat code)."""
    return [(s.party, s.seat) for s in best_placed_stand_downs(psephos.load(election), bloc)[:n]]


def test_pact_stand_downs_and_transfers_answer_as_the_command_does(client: TestClient) -> None:
    """The same stand-downs and transfer overrides give the page's twin and ``psephos pact``
    the same pact: items one per line in a form field, or repeated as the flags are."""
    bloc = ["Lab", "LD", "Green"]
    (first, second, third) = _some_stand_downs("2024", bloc, 3)
    items = [f"{first[0]}:{first[1]}", f"{second[0]}:{second[1]}", f"{third[0]}:{third[1]}"]
    transfers = ["LD>Lab=0.6", "Green>Lab=35%"]
    args = ["pact", "2024", "--bloc", ",".join(bloc), "--format", "json"]
    for item in items:
        args += ["--stand-down", item]
    for item in transfers:
        args += ["--transfer", item]
    command = CliRunner().invoke(cli, args)
    assert command.exit_code == 0, command.output
    expected = json.loads(command.output)
    params = {
        "election": "2024",
        "bloc": ",".join(bloc),
        "stand_down": ["\n".join(items[:2]), items[2]],
        "transfer": "\r\n".join(transfers),
    }
    body = client.get("/api/pacts", params=params).json()
    assert body["stand_downs"] == expected["stand_downs"] and body["n_stand_downs"] == 3
    assert body["ledger"] == expected["ledger"]
    assert body["bloc_seats_after"] == expected["bloc_seats_after"]
    assert not body["default_pact"]
    rates = {(row["from"], row["to"]): row["rate"] for row in body["transfers"]}
    assert rates[("LD", "Lab")] == 0.6 and rates[("Green", "Lab")] == 0.35
    page = client.get("/pacts", params=params)
    assert page.status_code == 200 and "the stand-downs you gave" in page.text
    assert items[2] in page.text and 'id="pact-transfers"' in page.text
    assert "transfer=LD%3ELab%3D0.6" in page.text  # the JSON twin asks the same question


def test_pact_stand_down_file_upload_matches_the_items(client: TestClient) -> None:
    """A ``party,seat`` file posted (as ``--stand-down-file``) is read by the same reader and
    gives the pact of the same stand-downs given as items."""
    chosen = _some_stand_downs("2024", ["Lab", "LD", "Green"], 4)
    text = "party,seat\n" + "".join(f"{party},{seat}\n" for party, seat in chosen)
    form = {"election": "2024", "bloc": "Lab,LD,Green", "transfer": "LD>Lab=0.5"}
    files = {"stand_down_file": ("mine.csv", text.encode(), "text/csv")}
    posted = client.post("/api/pacts", data=form, files=files)
    assert posted.status_code == 200, posted.text
    items = [f"{party}:{seat}" for party, seat in chosen]
    asked = client.get("/api/pacts", params={**form, "stand_down": items}).json()
    assert posted.json()["stand_downs"] == asked["stand_downs"]
    assert posted.json()["bloc_seats_after"] == asked["bloc_seats_after"]
    bad = {"stand_down_file": ("bad.csv", b"party,seat\nLD,\n", "text/csv")}
    refused = client.post("/api/pacts", data=form, files=bad)
    assert refused.status_code == 400
    assert "stand-down file 'bad.csv' row 2: seat: missing" in refused.json()["detail"]
    # every bad row at once, in row order, as the command names them
    several = b"party,seat\nLD,Havnt\nLD,\nCon,Bath\n"
    refused = client.post(
        "/api/pacts", data=form, files={"stand_down_file": ("bad.csv", several, "text/csv")}
    )
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert detail.startswith("The stand-down file 'bad.csv' has 3 bad rows: row 2: No ")
    assert detail.index("row 2:") < detail.index("row 3: seat: missing.") < detail.index("row 4:")
    token = page_token(client, "/pacts")
    html = client.post("/pacts", data={**form, "csrf_token": token}, files=files)
    assert html.status_code == 200 and "the stand-downs you gave" in html.text
    assert client.post("/pacts", data=form, files=files).status_code == 403  # no CSRF token


def test_pact_optimiser_takes_the_commands_limits(client: TestClient) -> None:
    """Per-party limits, a total, nations and fairness reach the optimiser as
    ``--max-per-party LD=3,Green=2 --max-total 4 --nation England --fairness 0``."""
    bloc = ["Lab", "LD", "Green"]
    params = {
        "election": "2024",
        "bloc": ",".join(bloc),
        "optimise": "true",
        "max_per_party": "LD=3,Green=2",
        "max_total": "4",
        "nation": "England",
        "fairness": "0",
    }
    body = client.get("/api/pacts", params=params).json()
    base = psephos.load("2024")
    plan = optimise_pact(
        base,
        bloc=bloc,
        max_per_party={"LD": 3, "Green": 2},
        allowed_seats=np.isin(base.nations, ["England"]),
        max_total=4,
        fairness=0,
    )
    assert body["n_stand_downs"] == len(plan.result.stand_downs) <= 4
    assert body["bloc_seats_after"] == plan.result.bloc_seats_after
    english = set(np.asarray(base.codes)[base.nations == "England"].tolist())
    assert {row["seat"] for row in body["stand_downs"]} <= english
    page = client.get("/pacts", params=params)
    assert page.status_code == 200 and 'id="pact-optimiser"' in page.text
    # the solve in words, not the solver's message ("Optimization terminated successfully.")
    assert body["optimal"] and body["outcome"] == plan.outcome == "the best plan (proven)"
    line = page.text.split('id="pact-optimiser">')[1].split("</p>")[0]
    assert line.startswith(
        "Optimiser: maximising the bloc&#39;s expected seats; limits: per-party stand-downs at "
        "most LD 3, Green 2, at most 4 stand-downs in all, only in England, no bloc party below "
        "its seats without the pact; the best plan (proven);"
    )
    assert "HiGHS" not in line

    # the page's line is the command's (psephos.pacts.run.optimiser_sentence), not its own;
    # the two runs' solve times differ
    def timeless(text: str) -> str:
        return re.sub(r"solved in [0-9.]+ s", "solved in T s", text)

    assert timeless(html.unescape(line)) == timeless(body["headline"][1])


def test_pact_majority_line_as_given(client: TestClient) -> None:
    body = client.get("/api/pacts", params={"election": "2024", "majority": "500"}).json()
    assert body["majority"] == 500 and body["p_bloc_majority_after"] == 0.0
    page = client.get("/pacts", params={"majority": "500"}).text
    assert "no bloc majority before or after the pact (500 seats needed)" in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"stand_down": "LD"}, "Bad stand_down 'LD'; write PARTY:SEAT"),
        ({"stand_down": "Con:Kensington"}, "Con is not in the bloc (Lab, LD, Green)"),
        ({"transfer": "Green>Lab"}, "Bad transfer 'Green>Lab'; write FROM>TO=RATE"),
        ({"transfer": "Green>Lab=150%"}, "from 0 to 1 or 0% to 100%"),
        ({"max_per_party": "LD=x", "optimise": "true"}, "Bad max_per_party 'LD=x'"),
        ({"nation": "Englnd", "optimise": "true"}, "Unknown nation 'Englnd'"),
        ({"max_total": "3", "nation": "Wales"}, "max_total and nation only apply with optimise"),
        (
            {"optimise": "true", "stand_down": "LD:Bath"},
            "The optimiser chooses the stand-downs itself; leave out stand_down, or optimise.",
        ),
        (
            {"optimise": "true", "fairness": "700"},
            "fairness 700 is out of range; give the seats a bloc party may end below its seats "
            "without the pact, from 0 to 650",
        ),
        (
            {"optimise": "true", "max_per_party": "LD=5,Con=3"},
            "max_per_party Con=3: Con is not in the bloc (Lab, LD, Green)",
        ),
    ],
)
def test_pact_refuses_what_the_command_refuses(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    answer = client.get("/api/pacts", params={"election": "2024", **params})
    assert answer.status_code == 400 and message in answer.json()["detail"]


def test_pact_page_offers_every_countrys_elections(client: TestClient) -> None:
    """``psephos pact`` takes Canada's elections; so does the page's election list."""
    page = client.get("/pacts", params={"election": "canada-2021", "bloc": "Liberal,NDP"})
    assert page.status_code == 200
    for key in psephos.available_elections():
        assert f'<option value="{key}"' in page.text
    assert '<option value="canada-2021" selected>' in page.text


def test_pact_on_a_poll_with_draws_answers_as_the_command_does(client: TestClient) -> None:
    """``poll``, ``model``, ``sims`` and ``seed`` are ``--poll``, ``--model``, ``--sims`` and
    ``--seed``: the same projection (its notes too), the same draws, the same pact."""
    poll = "Lab 30 Con 22 Reform 25 LD 12 Green 8"
    expected = command_json(
        "pact", "2024", "--bloc", "Lab,LD,Green", "--poll", poll, "--model", "proportional",
        "--sims", "50", "--seed", "7",
    )  # fmt: skip
    params = {
        "election": "2024",
        "bloc": "Lab,LD,Green",
        "poll": poll,
        "model": "proportional",
        "sims": "50",
        "seed": "7",
    }
    body = client.get("/api/pacts", params=params).json()
    assert body["election"] == expected["election"] == "2024-projected" and body["base"] == "2024"
    assert body["projection"] == expected["projection"]
    assert body["n_draws"] == expected["n_draws"] == 50
    for key in ("bloc_seats_before", "bloc_seats_after", "p_bloc_majority_before"):
        assert body[key] == expected[key]
    assert body["ledger"] == expected["ledger"] and body["stand_downs"] == expected["stand_downs"]
    assert [row["party"] for row in body["rows"]] == [
        row["party"]  # type: ignore[index]
        for row in expected["rows"]  # type: ignore[union-attr]
    ]
    assert body["bloc_total"]["party"] == expected["bloc_total"]["party"]  # type: ignore[index]
    assert any("remaining 3.0% goes to the parties not named" in n for n in body["notes"])
    page = client.get("/pacts", params=params)
    assert page.status_code == 200 and "over 50 forecast draws" in page.text
    assert '<option value="2024" selected>' in page.text  # the base, not the projection
    assert "poll=Lab+30" in page.text and "sims=50" in page.text  # the twin asks the same


def test_pact_optimised_for_a_majority_as_the_command_does(client: TestClient) -> None:
    """``objective=majority`` is ``--objective majority``: it needs draws, as the command
    says, and with them the optimiser chooses what the command chooses."""
    expected = command_json(
        "pact", "2024", "--bloc", "Con,Reform", "--optimise", "--objective", "majority",
        "--max-per-party", "20", "--sims", "40", "--seed", "3",
    )  # fmt: skip
    params = {
        "election": "2024",
        "bloc": "Con,Reform",
        "optimise": "true",
        "objective": "majority",
        "max_per_party": "20",
        "sims": "40",
        "seed": "3",
    }
    body = client.get("/api/pacts", params=params).json()
    assert body["objective"] == expected["objective"] == "majority"
    assert body["stand_downs"] == expected["stand_downs"]
    assert body["p_bloc_majority_after"] == expected["p_bloc_majority_after"]
    refused = CliRunner().invoke(
        cli, ["pact", "2024", "--bloc", "Con,Reform", "--optimise", "--objective", "majority"]
    )
    assert refused.exit_code != 0 and "--objective majority needs --draws or --sims" in (
        refused.output
    )
    no_draws = client.get("/api/pacts", params={**params, "sims": ""})
    assert no_draws.status_code == 400
    assert no_draws.json()["detail"] == "objective majority needs sims."
    alone = client.get("/api/pacts", params={"election": "2024", "objective": "majority"})
    assert alone.status_code == 400 and "objective only applies with optimise" in alone.text
    assert client.get("/api/pacts", params={"sims": "1"}).status_code == 422
    page = client.get("/pacts", params=params)
    assert page.status_code == 200 and "chance of a bloc majority" in page.text


def test_a_stand_down_file_excel_saved_on_windows_is_read_with_a_note(
    client: TestClient,
) -> None:
    """A stand-down file in Windows-1252 (Excel's "CSV" on Windows: "Ynys Môn" with one byte
    for "ô") is read as the other uploads are, with their note on the page and in ``notes``;
    a UTF-8 file gets none."""
    text = "party,seat\nLab,Ynys Môn\nLD,Ynys Môn\n"
    form = {"election": "2024", "bloc": "Lab,LD,PC"}

    def post(raw: bytes) -> dict[str, object]:
        files = {"stand_down_file": ("anglesey.csv", raw, "text/csv")}
        response = client.post("/api/pacts", data=form, files=files)
        assert response.status_code == 200, response.text
        return dict(response.json())

    windows, utf8 = post(text.encode("cp1252")), post(text.encode())
    assert windows["stand_downs"] == utf8["stand_downs"] and windows["rows"] == utf8["rows"]
    notes = windows["notes"]
    assert isinstance(notes, list) and notes[0].startswith(
        "The stand-down file 'anglesey.csv' is not UTF-8; it was read as Windows-1252"
    )
    assert notes[1:] == utf8["notes"]
    token = page_token(client, "/pacts")
    files = {"stand_down_file": ("anglesey.csv", text.encode("cp1252"), "text/csv")}
    page = client.post("/pacts", data={**form, "csrf_token": token}, files=files)
    assert page.status_code == 200 and "read as Windows-1252" in page.text
    binary = {"stand_down_file": ("pact.xlsx", b"PK\x03\x04\x00\x00", "application/zip")}
    refused = client.post("/api/pacts", data=form, files=binary)
    assert refused.status_code == 422
    assert refused.json()["detail"] == (
        "The stand-down file 'pact.xlsx' is not text, nor an .xlsx workbook psephos can read "
        "(File is not a zip file); save it as .xlsx or UTF-8 CSV."
    )


def test_pact_page_with_draws_shows_the_votes_given_up(client: TestClient) -> None:
    """With draws the ledger keeps its votes given up (expected votes, as the command prints
    them) beside the bloc's win chances."""
    params = {
        "election": "2019",
        "bloc": "Lab,LD",
        "stand_down": "LD:Kensington",
        "sims": "20",
        "seed": "4",
    }
    body = client.get("/api/pacts", params=params).json()
    (row,) = body["ledger"]
    assert row["votes_given_up"] > 1000  # votes, not a share
    page = client.get("/pacts", params=params)
    assert page.status_code == 200 and "Expected votes given up" in page.text
    ledger = page.text.split('id="pact-ledger"')[1].split("</table>")[0]
    assert f'<td class="num">{format_number(row["votes_given_up"], ",.0f")}</td>' in ledger
    assert "Bloc win chance before" in ledger


def test_pact_refuses_a_stand_down_file_with_the_optimiser(client: TestClient) -> None:
    """A stand-down file posted with ``optimise`` is refused as the command refuses
    ``--stand-down-file`` with ``--optimise``: one check, named as the form names them."""
    form = {"election": "2024", "bloc": "Lab,LD", "optimise": "true"}
    files = {"stand_down_file": ("mine.csv", b"party,seat\nLD,Bath\n", "text/csv")}
    refused = client.post("/api/pacts", data=form, files=files)
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "The optimiser chooses the stand-downs itself; leave out stand_down_file, or optimise."
    )


def test_pact_page_names_parties_by_their_labels(client: TestClient) -> None:
    """The pact page names parties as the rest of the site does, by the election's label
    (the Reform code is the Brexit Party in 2019): who stood aside, the winners before and
    after, the bloc and its total row; the JSON keeps each code with its label beside it."""
    params = {"election": "2019", "bloc": "Con,Reform"}
    body = client.get("/api/pacts", params=params).json()
    assert body["bloc"] == ["Con", "Reform"] and body["bloc_labels"] == ["Con", "Brexit Party"]
    reform = [row for row in body["ledger"] if row["party"] == "Reform"]
    assert reform and all(row["party_label"] == "Brexit Party" for row in reform)
    assert body["bloc_total"]["party_label"] == "bloc: Con + Brexit Party"
    page = client.get("/pacts", params=params).text
    ledger = page.split('id="pact-ledger"')[1].split("</table>")[0]
    assert "<td>Brexit Party</td>" in ledger and "<td>Reform</td>" not in ledger
    changed = page.split('id="pact-changed"')[1].split("</table>")[0]
    flipped = [row for row in body["ledger"] if row["winner_before"] != row["winner_after"]]
    assert flipped
    for row in flipped:
        cells = (
            f'<td>{row["party_label"]}</td><td class="num">'
            f"{format_number(row['votes_given_up'], ',.0f')}</td>"
            f"<td>{row['winner_before_label']}</td><td>{row['winner_after_label']}</td>"
        )
        assert cells in changed
    assert "<td>Brexit Party</td>" in changed and "<td>Reform</td>" not in changed
    assert "bloc Con + Brexit Party" in page


def test_each_seat_that_changes_hands_is_one_row(client: TestClient) -> None:
    """Where two bloc parties stand aside in a seat that changes hands, the seat is one row
    naming both, with the votes they gave up together (it was a row each, read as the seat
    listed twice)."""
    params = {"election": "2024", "bloc": "Lab,LD,Green"}
    body = client.get("/api/pacts", params=params).json()
    flipped: dict[str, list[dict[str, Any]]] = {}
    for row in body["ledger"]:
        if row["winner_before"] != row["winner_after"]:
            flipped.setdefault(row["seat_code"], []).append(row)
    assert any(len(rows) > 1 for rows in flipped.values())
    changed = client.get("/pacts", params=params).text.split('id="pact-changed"')[1]
    changed = changed.split("</table>")[0]
    assert changed.count("<tr><td><a href=") == len(flipped)
    for code, rows in flipped.items():
        assert changed.count(f"/seats/{code}?") == 1
        parties = " + ".join(row["party_label"] for row in rows)
        votes = format_number(sum(row["votes_given_up"] for row in rows), ",.0f")
        assert f'<td>{parties}</td><td class="num">{votes}</td>' in changed


def test_pact_page_names_projected_seats_by_their_labels(client: TestClient) -> None:
    """After a poll the projected seats are named by label (Reform UK, not the code), each
    with its code in the JSON's rows."""
    poll = "Lab 30 Con 22 Reform 25 LD 12 Green 8"
    params = {"election": "2024", "bloc": "Lab,LD,Green", "poll": poll}
    body = client.get("/api/pacts", params=params).json()
    rows = body["projected_seats"]
    assert {row["party"]: row["seats"] for row in rows} == body["projection"]["seats"]
    reform = next(row for row in rows if row["party"] == "Reform")
    assert reform["party_label"] == "Reform UK"
    page = client.get("/pacts", params=params).text
    projected = page.split('id="pact-projection"')[1].split("</p>")[0]
    assert f"Reform UK {format_number(reform['seats'], ',')}" in projected
    assert f"Reform {format_number(reform['seats'], ',')}" not in projected


def _table_rows(page: str, table_id: str) -> dict[str, list[str]]:
    """The body rows of the page's table ``table_id``: first cell's text (tags dropped) to
    the other cells' texts."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    rows = {}
    for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.DOTALL):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.DOTALL)
        ]
        rows[cells[0]] = cells[1:]
    return rows


@pytest.mark.parametrize(
    "params",
    [
        {"election": "2024", "bloc": "Con,Reform"},
        {
            "election": "2019",
            "bloc": "Lab,LD",
            "stand_down": "LD:Putney",
            "sims": "20",
            "seed": "3",
        },
    ],
    ids=["result", "draws"],
)
def test_pact_page_draws_the_seats_before_and_after_as_pact_chart(
    client: TestClient, params: dict[str, str]
) -> None:
    """Paired bars for the parties ``psephos pact --chart`` shows, in its order: each bar's
    hover text is the seats in the page's table, and the bars' heights are in proportion to
    those seats."""
    page = client.get("/pacts", params=params)
    assert page.status_code == 200
    assert "picture" not in client.get("/api/pacts", params=params).json()
    figure = page.text.split('id="pact-chart"', 1)[1]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")])
    caption = svg.get("aria-labelledby")
    assert caption and f'<figcaption id="{caption}">' in page.text
    base = psephos.load(params["election"])
    bloc = params["bloc"].split(",")
    stand_downs = parse_stand_downs([params["stand_down"]]) if "stand_down" in params else []
    draws = (  # drawn as psephos pact --sims draws them: with psephos forecast's error model
        SeatUncertainty.from_election(
            base,
            error_model=ForecastErrors(poll_error_model(), name="forecast"),
            n_sims=int(params["sims"]),
            seed=int(params["seed"]),
        ).draws
        if "sims" in params
        else None
    )
    expected = simulate_pact(
        base, stand_downs or best_placed_stand_downs(base, bloc), bloc=bloc, draws=draws
    )
    shown = [str(row["party"]) for row in pact_rows(expected)]
    groups = svg.findall("g")
    assert [g.get("data-party") for g in groups] == shown
    table = _table_rows(page.text, "pact-seats")
    heights, seats = [], []
    for group in groups:
        before, after = group.findall("rect")
        label = base.label(str(group.get("data-party")))
        table_before, table_after, _, _, _, _ = table[label]
        assert before.findtext("title", "").startswith(f"{label}: {table_before} ")
        assert after.findtext("title", "").startswith(f"{label}: {table_after} ")
        assert before.findtext("title", "").endswith("without the pact")
        assert after.findtext("title", "").endswith("with the pact")
        party = str(group.get("data-party"))
        for bar, value in (
            (before, expected.seats_before[party]),
            (after, expected.seats_after[party]),
        ):
            heights.append(float(bar.get("height", "nan")))
            seats.append(value)
            assert float(bar.get("y", "nan")) + heights[-1] == pytest.approx(200)  # one base line
    scale = max(heights) / max(seats)
    assert np.allclose(np.array(seats) * scale, heights, atol=0.01)


@pytest.mark.parametrize(
    ("args", "params"),
    [
        (
            [
                "2024",
                "--bloc",
                "Lab,LD,Green",
                "--poll",
                "Lab 30 Con 22 Reform 25 LD 12 Green 8",
                "--sims",
                "30",
                "--seed",
                "5",
                "--stand-down",
                "LD:Bath",
                "--transfer",
                "Green>Lab=40%",
            ],
            {
                "election": "2024",
                "bloc": "Lab,LD,Green",
                "poll": "Lab 30 Con 22 Reform 25 LD 12 Green 8",
                "model": DEFAULT_MODEL,
                "sims": "30",
                "seed": "5",
                "stand_down": "LD:Bath",
                "transfer": "Green>Lab=40%",
            },
        ),
        (
            [
                "2024",
                "--bloc",
                "Con,Reform",
                "--optimise",
                "--max-per-party",
                "Con=4,Reform=6",
                "--sims",
                "30",
                "--seed",
                "2",
                "--objective",
                "majority",
                "--majority",
                "200",
            ],
            {
                "election": "2024",
                "bloc": "Con,Reform",
                "optimise": "true",
                "max_per_party": "Con=4,Reform=6",
                "sims": "30",
                "seed": "2",
                "objective": "majority",
                "majority": "200",
            },
        ),
        (
            [
                "2019-notional-2024",
                "--bloc",
                "Lab,LD",
                "--poll",
                "Lab 30 Con 27 Reform 17 LD 12",
                "--model",
                "proportional",
                "--optimise",
                "--nation",
                "England",
                "--max-total",
                "5",
                "--fairness",
                "0",
            ],
            {
                "election": "2019-notional-2024",
                "bloc": "Lab,LD",
                "poll": "Lab 30 Con 27 Reform 17 LD 12",
                "model": "proportional",
                "optimise": "true",
                "nation": "England",
                "max_total": "5",
                "fairness": "0",
            },
        ),
        (["2019", "--bloc", "Lab,PC,TUV"], {"election": "2019", "bloc": "Lab,PC,TUV"}),
    ],
    ids=["poll-sims", "optimised-sims", "poll-optimised", "default"],
)
def test_the_command_and_the_twin_run_the_one_pact(
    client: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    params: dict[str, str],
) -> None:
    """``psephos pact`` and ``/api/pacts`` each call :func:`psephos.pacts.run_pact` once and
    only format what it returns: for the same inputs (a poll, draws, the optimiser or not)
    the same summary, seat rows, ledger, stand-downs, projection and notes."""
    import psephos.pacts.run

    runs: list[psephos.pacts.PactRun] = []
    real = psephos.pacts.run.run_pact

    def spy(*given: Any, **named: Any) -> psephos.pacts.PactRun:
        runs.append(real(*given, **named))
        return runs[-1]

    monkeypatch.setattr(psephos.pacts.run, "run_pact", spy)
    command = CliRunner().invoke(cli, ["pact", *args, "--format", "json"])
    assert command.exit_code == 0, command.output
    assert len(runs) == 1
    answer = client.get("/api/pacts", params=params)
    assert answer.status_code == 200, answer.text
    assert len(runs) == 2
    body = answer.json()
    expected = json.loads(command.stdout)
    cli_run, web_run = runs
    timings = {"solve_seconds", "total_seconds"}  # the optimiser's clock, not its answer
    assert {key: value for key, value in cli_run.summary().items() if key not in timings} == {
        key: value for key, value in web_run.summary().items() if key not in timings
    }
    assert cli_run.stand_downs == web_run.stand_downs
    # the command's party rows and its bloc_total under the same keys, the web's rows with
    # each party's colour beside the command's keys; every other key of the command's (its
    # transfer rates included) the same below
    rows = plain([*expected.pop("rows"), expected.pop("bloc_total")])
    shown = [*body["rows"], body["bloc_total"]]
    assert rows == [{key: plain(row[key]) for key in rows[0]} for row in shown]
    for key, value in expected.items():
        if key == "headline":  # the optimiser's line says its clock too
            assert untimed(body[key]) == untimed(value) and body[key][0] == value[0]
            continue
        assert key in timings or plain(body[key]) == plain(value), key
    notes = [line.removeprefix("note: ") for line in command.stderr.splitlines()]
    assert notes == body["notes"] == list(web_run.notes)
    default = not {"--stand-down", "--optimise"} & set(args)  # none given, none chosen
    assert body["default_pact"] == web_run.default_pact == cli_run.default_pact == default
    assert body["optimised"] == ("--optimise" in args)


def test_a_canadian_pact_opens_on_canadas_own_bloc(client: TestClient) -> None:
    """Without a bloc, the page and its twin try the election's country's (the jurisdiction's
    ``default_bloc``), not the UK's Lab, LD and Green, which Canada does not have."""
    from psephos.jurisdictions import CANADA, UK

    for election, country in (("canada-2021", CANADA), ("2019", UK)):
        bloc = ",".join(country.default_bloc)
        opened = client.get("/api/pacts", params={"election": election})
        assert opened.status_code == 200, opened.text
        assert (
            opened.json()
            == client.get("/api/pacts", params={"election": election, "bloc": bloc}).json()
        )
        page = client.get("/pacts", params={"election": election})
        assert page.status_code == 200
        assert f'name="bloc" value="{bloc}"' in page.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        # the Election menu changed to Canada with the UK's bloc still typed in
        ({"election": "canada-2021", "bloc": "Lab,LD,Green", "poll": "", "sims": "50"}, 404),
        ({"election": "2019", "bloc": "Lab,LD", "transfer": "Green>Lab=2", "majority": "300"}, 400),
    ],
)
def test_pact_page_says_a_refusal_above_the_form_it_keeps(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    """An input the library refuses is said above the form, with the JSON twin's status and
    message, and the form keeps what was typed (not an error page without the form)."""
    twin = client.get("/api/pacts", params=params)
    page = client.get("/pacts", params=params)
    assert twin.status_code == page.status_code == status
    assert page_error(page.text, "pact") == twin.json()["detail"]
    assert page.text.index('id="pact-error"') < page.text.index('id="pact-form"')
    assert f'<option value="{params["election"]}" selected>' in page.text
    assert f'name="bloc" value="{params["bloc"]}"' in page.text
    for name in ("sims", "majority"):
        if name in params:
            assert f'name="{name}" type="number"' in page.text
            assert f'value="{params[name]}"' in page.text
    if "transfer" in params:
        assert f">{html.escape(params['transfer'])}</textarea>" in page.text


def test_pact_page_says_a_refused_stand_down_file_above_the_form(client: TestClient) -> None:
    """A stand-down file the library refuses is said above the form, as the twin says it."""
    form = {"election": "2024", "bloc": "Lab,LD,Green", "transfer": "LD>Lab=0.5"}
    files = {"stand_down_file": ("bad.csv", b"party,seat\nLD,\n", "text/csv")}
    twin, page = post_twin_and_page(client, "/pacts", form, files)
    assert twin.status_code == page.status_code == 400
    assert page_error(page.text, "pact") == twin.json()["detail"]
    assert 'name="bloc" value="Lab,LD,Green"' in page.text
    assert '<input type="hidden" name="transfer" value="LD&gt;Lab=0.5">' in page.text


def test_pact_page_refuses_a_stand_down_file_of_no_rows(client: TestClient) -> None:
    """A stand-down file saved with its header and no rows is refused above the form, as the
    twin refuses it, where it was read as no stand-downs and the page showed the default pact
    (1,247 stand-downs in 2024) as if the file had chosen it."""
    form = {"election": "2024", "bloc": "Lab,LD,Green"}
    files = {"stand_down_file": ("mine.csv", b"\xef\xbb\xbfParty,Seat\r\n", "text/csv")}
    twin, page = post_twin_and_page(client, "/pacts", form, files)
    assert twin.status_code == page.status_code == 400
    assert twin.json()["detail"].startswith("The stand-down file 'mine.csv' has no stand-downs;")
    assert page_error(page.text, "pact") == twin.json()["detail"]
    assert 'name="bloc" value="Lab,LD,Green"' in page.text


def test_pact_page_says_a_stand_down_file_that_is_not_text_above_the_form(
    client: TestClient,
) -> None:
    """A stand-down file that is not text (a spreadsheet's own .xlsx) is said above the form
    it keeps, with the twin's message and status (422), not on a bare error page."""
    form = {"election": "2024", "bloc": "Lab,LD,Green"}
    files = {"stand_down_file": ("pact.xlsx", b"PK\x03\x04\x00\x00", "application/zip")}
    twin, page = post_twin_and_page(client, "/pacts", form, files)
    assert twin.status_code == page.status_code == 422
    assert page_error(page.text, "pact") == twin.json()["detail"]
    assert page.text.index('id="pact-error"') < page.text.index('id="pact-form"')
    assert 'name="bloc" value="Lab,LD,Green"' in page.text


def _placeholders(page: str) -> dict[str, str]:
    """Each form box's name -> its placeholder, unescaped."""
    found = re.findall(r'<(?:input|textarea) name="([a-z_]+)"[^>]*?placeholder="([^"]*)"', page)
    return {name: html.unescape(text) for name, text in found}


def _foreign_parties(texts: list[str], election_id: str) -> set[str]:
    """The words of ``texts`` that are a party code of the UK's 2024 or Canada's 2021 election
    but not of ``election_id``."""
    known = set(psephos.load("2024").parties) | set(psephos.load("canada-2021").parties)
    words = {word for text in texts for word in re.split(r"[\s,+:>=%]+", text)}
    return (words & known) - set(psephos.load(election_id).parties)


@pytest.mark.parametrize("election_id", ["canada-2021", "2024"])
def test_the_pact_forms_examples_name_the_elections_parties(
    client: TestClient, election_id: str
) -> None:
    # a Canadian election's boxes read "LD:E14000530", "Green>Lab=0.5" and a poll of Lab, Con,
    # Reform: parties it does not have
    page = client.get("/pacts", params={"election": election_id}).text
    examples = _placeholders(page)
    assert {"bloc", "stand_down", "transfer", "poll"} <= examples.keys()
    words = [*examples.values(), page.split("per party as ", 1)[1].split("<", 1)[0]]
    assert _foreign_parties(words, election_id) == set()
    first_line = examples["transfer"].splitlines()[0]
    assert set(re.split(r"[>=]", first_line)[:2]) <= set(psephos.load(election_id).parties)


def test_the_pact_table_writes_stand_down_counts_as_counts(client: TestClient) -> None:
    """The default 2024 pact stands a bloc party aside in over a thousand seats: the table
    writes that count as the summary above it does (1,247), not as 1247."""
    params = {"election": "2024", "bloc": "Lab,LD,Green"}
    total = client.get("/api/pacts", params=params).json()["n_stand_downs"]
    assert total >= 1000
    page = html.unescape(client.get("/pacts", params=params).text)
    table = re.search(r'<table class="results" id="pact-seats">(.*?)</table>', page, re.S)
    assert table is not None
    bloc_row = re.search(
        r"<td>bloc: [^<]*</td>(?:\s*<td class=\"num\">[^<]*</td>){3}"
        r"\s*<td class=\"num\">([^<]*)</td>",
        table[1],
    )
    assert bloc_row is not None
    assert bloc_row[1] == format_number(total, ",") == f"{total:,}"


def test_a_pact_chart_writes_a_name_of_two_words_on_two_lines(client: TestClient) -> None:
    """Each word of a party's name under its bars is a line of its own ("Reform" over "UK"):
    on one line a phone's larger words ran it into its neighbours' names."""
    page = client.get("/pacts", params={"election": "2024"}).text
    figure = page.split('id="pact-chart"', 1)[1]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")])
    names = {str(group.get("data-party")): group.findall("text")[-1] for group in svg.findall("g")}
    lines = names["Reform"].findall("tspan")
    assert [line.text for line in lines] == ["Reform", "UK"]
    assert [line.get("dy") for line in lines] == ["0", "1.1em"]
    assert [line.text for line in names["Lab"].findall("tspan")] == ["Lab"]


@pytest.mark.parametrize(
    "drawn",
    [(), ("--sims", "20", "--seed", "1")],
    ids=["one-result", "over-draws"],
)
def test_the_page_says_the_pact_as_the_command_does(
    client: TestClient, drawn: tuple[str, ...]
) -> None:
    """The line above the tables is one sentence (:func:`psephos.pacts.run.pact_sentence`):
    the page shows what ``psephos pact`` prints for the same pact, for one result (seats
    counted, the majority had or not) and over draws (expected seats, a counted chance),
    where the page wrote its own with ``→`` and the chance as ``0.0%``."""
    args = ["pact", "2019", "--bloc", "Lab,LD,Green", "--stand-down", "Green:Bristol West"]
    command = CliRunner().invoke(cli, [*args, *drawn, "--view", "seats"], terminal_width=400)
    assert command.exit_code == 0, command.output
    printed = next(line for line in command.stdout.splitlines() if "bloc seats" in line)
    params: dict[str, Any] = {
        "election": "2019",
        "bloc": "Lab,LD,Green",
        "stand_down": "Green:Bristol West",
    }
    if drawn:
        params |= {"sims": 20, "seed": 1}
    page = client.get("/pacts", params=params)
    assert page.status_code == 200
    shown = re.search(r'<p id="pact-verdict">(.*?)</p>', page.text, re.S)
    assert shown is not None
    assert html.unescape(shown[1]) == printed
    assert ("over 20 draws" in printed) == bool(drawn)


def test_the_pact_page_takes_a_named_bloc_and_offers_the_names(client: TestClient) -> None:
    """The bloc box takes a bloc by its name ("progressive alliance") as the command does,
    and offers the country's named blocs; a Canadian election offers none."""
    named = client.get("/api/pacts", params={"election": "2024", "bloc": "progressive alliance"})
    listed = client.get("/api/pacts", params={"election": "2024", "bloc": "Lab,LD,Green,SNP,PC"})
    assert named.status_code == 200 and named.json() == listed.json()
    page = client.get("/pacts", params={"election": "2024"}).text
    assert re.findall(r'<datalist id="named-blocs">(.*?)</datalist>', page) == [
        '<option value="progressive alliance"></option><option value="unite to remain"></option>'
        '<option value="unite the right"></option>'
    ]
    assert 'list="named-blocs"' not in client.get("/pacts", params={"election": "canada-2021"}).text


def test_a_party_standing_aside_in_a_seat_it_won_is_said_and_shown(client: TestClient) -> None:
    """The Liberal Democrats standing aside in Bath and the Greens in Brighton Pavilion (2019),
    seats they won: a note names each with its share, as ``psephos pact`` prints it, and the
    ledger says so in its own column (the page had only the winner before)."""
    params = {
        "election": "2019",
        "bloc": "Lab,LD,Green",
        "stand_down": ["LD:Bath", "Green:Brighton Pavilion"],
    }
    body = client.get("/api/pacts", params=params).json()
    assert "LD stands aside in a seat it won: Bath (54.5%)." in body["notes"]
    assert any(note.startswith("Green stands aside in a seat it won: ") for note in body["notes"])
    page = client.get("/pacts", params=params).text
    ledger = page.split('id="pact-ledger"')[1].split("</table>")[0]
    assert "<th>It won the seat</th>" in ledger
    assert ledger.count("<td>yes</td>") == 2
    assert "LD stands aside in a seat it won: Bath (54.5%)." in page


def test_a_bar_of_one_seat_says_one_seat(client: TestClient) -> None:
    """The Greens' one seat in 2019: the bars' hover text said "1 seats"."""
    page = client.get("/pacts", params={"election": "2019", "bloc": "Lab,LD,Green"}).text
    chart = page.split('id="pact-chart"', 1)[1].split("</svg>", 1)[0]
    assert "<title>Green: 1 seat without the pact</title>" in chart
    assert "<title>Green: 1 seat with the pact</title>" in chart
    assert " 1 seats " not in chart


@pytest.mark.parametrize("election", ["2024", "2019"])
def test_the_pact_page_links_to_who_could_govern_after_it(
    client: TestClient, election: str
) -> None:
    """The page shows who could govern after the pact (the headline's outcome lines, as
    ``psephos pact`` prints them) and links the coalition builder to the House after the pact,
    as the swingometer links its seats; the builder says of the largest party what the page
    says (2019: with that Parliament's two government-side Deputy Speakers)."""
    params = {"election": election, "bloc": "Lab,LD,Green"}
    twin = client.get("/api/pacts", params=params).json()
    assert twin["headline"][1].startswith("After the pact, ")
    page = client.get("/pacts", params=params).text
    shown = re.findall(r'<p class="meta" id="pact-outcome-\d">([^<]+)</p>', page)
    assert [html.unescape(line) for line in shown] == twin["headline"][1:]
    link = re.search(r'<a id="pact-govern" href="([^"]+)"', page)
    assert link is not None and twin["govern_query"] == html.unescape(link.group(1)).split("?")[1]
    coalitions = client.get(html.unescape(link.group(1)))
    assert coalitions.status_code == 200
    said = html.unescape(re.sub(r"<[^>]+>", "", coalitions.text))
    largest = twin["headline"][-1].removeprefix("After the pact, ")
    assert largest in " ".join(said.split())
    drawn = client.get("/api/pacts", params={**params, "sims": 20, "seed": 1}).json()
    assert drawn["govern_query"] is None and len(drawn["headline"]) == 1


def test_the_command_s_title_reads_as_the_page_opens(client: TestClient) -> None:
    """``psephos pact`` titles a pact on a poll as the /pacts page opens (one helper,
    :func:`psephos.pacts.run.pact_title`): "UK general election 2024 projected to the poll
    ...", not "Pact on Projection from UK general election 2024 (national)"."""
    poll = "Reform 29 Lab 21 Con 17 LD 14 Green 12"
    args = ["pact", "--bloc", "Lab,LD", "--poll", poll, "--view", "seats"]
    result = CliRunner().invoke(cli, args, env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    # the title as printed, wrapped at the console's width, up to the headline
    printed = result.stdout.split(" stand-downs; ")[0].rsplit("\n", 1)[0]
    title = " ".join(printed.split())
    assert title == (
        f"UK general election 2024 projected to the poll {poll} (national model): bloc Lab + LD, "
        "the best-placed bloc party stands in each seat (default)."
    )
    page = client.get("/pacts", params={"election": "2024", "bloc": "Lab,LD", "poll": poll})
    lede = re.search(r'<p class="lede">([^<]+)</p>', page.text)
    assert lede is not None and html.unescape(lede.group(1)) == title


def test_the_pact_chart_has_a_scale_of_seats_and_the_table_the_answer_first(
    client: TestClient,
) -> None:
    """The pact chart showed only the changes over its bars, so Lab's 411 to 421 could not be
    read from it; and on a phone the table's first columns were "Stands aside in" and "Seats
    given up", its Before, After and Change off the screen. The chart marks round numbers of
    seats, each at its height on the bars' scale, and the table starts with Before, After and
    Change."""
    page = client.get("/pacts", params={"election": "2024"}).text
    figure = page.split('id="pact-chart"', 1)[1]
    svg = ET.fromstring(figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")])
    marks = [t for t in svg.findall("text") if "pact-scale-value" in (t.get("class") or "")]
    values = [int(str(t.text).replace(",", "")) for t in marks]
    assert values[0] == 0 and max(values) >= 400 and len(values) >= 3
    lab = next(g for g in svg.findall("g") if g.get("data-party") == "Lab")
    after = lab.findall("rect")[1]
    per_seat = float(after.get("height", "nan")) / float(
        re.findall(r"\d+", after.findtext("title", ""))[0]
    )
    bottom = float(marks[0].get("y", "nan"))
    for mark, value in zip(marks, values, strict=True):
        assert float(mark.get("y", "nan")) == pytest.approx(bottom - value * per_seat, abs=0.2)
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", page.split('id="pact-seats"', 1)[1])
    assert heads[:4] == ["Party", "Before", "After", "Change"]


def test_api_pacts_writes_whole_votes_and_seats_as_the_command_does(client: TestClient) -> None:
    """``/api/pacts`` carried the ledger's float noise (``10417.999999999998`` votes) and a
    single result's seats as ``218.0``: whole numbers, as ``psephos pact -f json``."""
    params = {"election": "2019", "bloc": "Lab,LD,Green,PC", "optimise": "true"}
    body = client.get("/api/pacts", params=params).json()
    ynys_mon = next(row for row in body["ledger"] if row["seat_code"] == "W07000041")
    assert ynys_mon["votes_given_up"] == 10418 and isinstance(ynys_mon["votes_given_up"], int)
    assert isinstance(body["bloc_seats_before"], int)
    command = command_json("pact", "2019", "--bloc", "Lab,LD,Green,PC", "--optimise")
    assert [row["votes_given_up"] for row in body["ledger"]] == [
        row["votes_given_up"] for row in command["ledger"]
    ]
