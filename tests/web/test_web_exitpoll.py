"""Exit-poll estimator page and its JSON twin (:mod:`psephos.forecast.exitpoll`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from markupsafe import escape as html_escape
from web_helpers import page_token

import psephos
from psephos.forecast.exitpoll import (
    REAL_EXIT_POLL,
    emulate,
    estimator_settings,
    exit_poll_from_results,
)
from psephos.jurisdictions import read_results_csv
from psephos.projection.national import resolve_recommendations
from psephos.web.routes import exitpoll

#: Files of bundled seat codes without a region column read their regions from the bundled
#: seats, with a note (io/user_csv.py _places_note, tested in tests/io/test_user_csv_checks.py).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*regions are read from the bundled seats:psephos.errors.InputWarning"
)


def test_exit_poll_twin(client: TestClient) -> None:
    body = client.get("/api/exit-poll", params={"election": "2019", "seats": 80}).json()
    assert body["sample_size"] == 80 and len(body["sampled_seats"]) == 80
    rows = {row["party"]: row for row in body["parties"]}
    assert rows["Con"]["actual"] == 365  # the 2019 result
    assert rows["Con"]["real_exit_poll"] == REAL_EXIT_POLL["2019"]["Con"]
    for row in body["parties"]:
        assert 0 <= row["low"] <= row["expected_seats"] <= row["high"] <= 650
    assert 630 <= sum(row["projected"] for row in body["parties"]) <= 650
    backtest = emulate("2019", 80, n_draws=50, seed=12)
    assert body["backtest"]["mean_error"] == round(backtest.mean_error, 2)
    assert body["backtest"]["real_exit_poll_error"] == 5.75
    sampled = [h for h in body["hexmap"]["hexes"] if h["sampled"]]
    assert len(sampled) == 80 and len(body["hexmap"]["hexes"]) == 650
    again = client.get("/api/exit-poll", params={"election": "2019", "seats": 80}).json()
    assert again["parties"] == body["parties"]  # same seed, same sample, same answer
    other = client.get("/api/exit-poll", params={"election": "2019", "seats": 80, "seed": 1})
    assert other.json()["sampled_seats"] != body["sampled_seats"]


def test_exit_poll_page_and_bad_input(client: TestClient) -> None:
    page = client.get("/exit-poll", params={"election": "2017", "estimator": "linear"})
    assert page.status_code == 200
    assert 'id="exitpoll-table"' in page.text and 'id="exitpoll-legend"' in page.text
    assert "exit poll was off by 2.5" in page.text
    assert page.text.count('class="seat-hex sampled"') == 100
    too_small = client.get("/api/exit-poll", params={"seats": 1})
    assert too_small.status_code == 422 and too_small.json()["detail"][0]["field"] == "seats"
    assert client.get("/api/exit-poll", params={"election": "2010"}).status_code == 422
    html = client.get("/exit-poll", params={"estimator": "magic"})
    assert html.status_code == 422


def _sample_csv(n_seats: int, also: Sequence[int] = ()) -> str:
    """The 2024 results of the first ``n_seats`` GB seats, and of the seats at the positions
    ``also``, in the long results format."""
    result = psephos.load("2024")
    lines = ["seat_code,seat_name,party,votes"]
    for position in [*range(n_seats), *also]:
        seat = result.result_at(position)
        for party, votes in seat.votes.items():
            if votes > 0:
                name = seat.constituency.name.replace('"', "")
                lines.append(f'{seat.constituency.code},"{name}",{party},{round(votes)}')
    return "\n".join(lines) + "\n"


def test_exit_poll_from_an_uploaded_sample(client: TestClient, tmp_path: Path) -> None:
    text = _sample_csv(60)
    body = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    )
    assert body.status_code == 200, body.text
    answer = body.json()
    path = tmp_path / "sample.csv"
    path.write_text(text, encoding="utf-8")
    base = psephos.load("2019-notional-2024")
    # the command's default picks: those bundled for the election after the base
    name, picks = resolve_recommendations(base, None)
    expected = exit_poll_from_results(base, read_results_csv(path), recommended=picks)
    projected = {row["party"]: row["expected_seats"] for row in answer["parties"]}
    assert projected["Lab"] == round(expected.expected_seats["Lab"], 1)
    # the 2024 night's name for Reform, not the notional 2019 base's, as the command gives it
    labels = {row["party"]: row["party_label"] for row in answer["parties"]}
    assert labels["Reform"] == "Reform UK"
    assert "Brexit Party" not in {entry["label"] for entry in answer["legend"]}
    assert answer["recommendations"] == name == "sites-2024"
    assert answer["sample_size"] == 60 and len(answer["sampled_seats"]) == 60
    assert answer["n_seats"] == base.n_seats  # the chart's full scale: the base's House
    assert sum(h["sampled"] for h in answer["hexmap"]["hexes"]) == 60
    token = page_token(client, "/exit-poll")
    html = client.post(
        "/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"csrf_token": token, "base": "2019-notional-2024"},
    )
    assert html.status_code == 200 and 'id="exitpoll-sample-lede"' in html.text
    assert "Your sample of 60 seats" in html.text and "Broadcasters" not in html.text


def test_an_uploaded_sample_of_shares_by_seat_name_is_read_as_the_command_reads_it(
    client: TestClient,
) -> None:
    """A desk's shares (percentages, seats by name only) were refused; the page reads them
    with the command's reader (psephos.jurisdictions.parse_sample_csv): the estimate the votes
    give, and the reader's note in the answer's notes."""
    from psephos.jurisdictions import parse_sample_csv

    votes_text = _sample_csv(30)
    result = psephos.load("2024")
    shares = result.shares()
    lines = ["seat_name,party,share"]
    for position in range(30):
        for j, party in enumerate(result.parties):
            if result.votes[position, j] > 0:
                name = result.constituencies[position].name.replace('"', "")
                lines.append(f'"{name}",{party},{round(100 * shares[position, j], 6)}')
    shares_text = "\n".join(lines) + "\n"

    def post(text: str) -> dict[str, Any]:
        files = {"sample_file": ("s.csv", text.encode(), "text/csv")}
        response = client.post("/api/exit-poll", files=files, data={"base": "2019-notional-2024"})
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    from_votes, from_shares = post(votes_text), post(shares_text)
    assert from_shares["sampled_seats"] == from_votes["sampled_seats"]
    projected = {row["party"]: row["expected_seats"] for row in from_votes["parties"]}
    assert {row["party"]: row["expected_seats"] for row in from_shares["parties"]} == projected
    _, notes = parse_sample_csv(shares_text, name="s.csv", base=psephos.load("2019-notional-2024"))
    assert notes and all(note in from_shares["notes"] for note in notes)
    assert not any("gives shares" in note for note in from_votes["notes"])


def test_exit_poll_sample_refused_clearly(client: TestClient) -> None:
    def post(text: str, **data: str) -> Any:
        files = {"sample_file": ("s.csv", text.encode(), "text/csv")}
        return client.post("/api/exit-poll", files=files, data=data)

    missing = post("seat_code,party\nE14001186,Lab\n")
    assert missing.status_code == 400 and "share_pct" in missing.json()["detail"]
    unknown = post("seat_code,seat_name,party,votes\nE14999999,Nowhere,Lab,100\n")
    assert unknown.status_code == 404
    bad_votes = post("seat_code,seat_name,party,votes\nE14001186,Croydon East,Lab,lots\n")
    assert bad_votes.status_code == 400 and "row 2" in bad_votes.json()["detail"]
    # named as the file the user gave, as the command names its file (io.rows.file_named)
    assert "exit-poll sample 's.csv' row 2" in bad_votes.json()["detail"]
    assert "results file" not in bad_votes.json()["detail"]
    huge = post(
        "seat_code,seat_name,party,votes\nE14001186,Croydon East,Lab,99999999999999\n"
        "E14001137,Bromley and Biggin Hill,Con,100\n"
    )
    assert huge.status_code == 400 and "more than 100,000,000" in huge.json()["detail"]
    one_seat = post("seat_code,seat_name,party,votes\nE14001186,Croydon East,Lab,100\n")
    assert one_seat.status_code == 400
    assert one_seat.json()["detail"] == (
        "The exit-poll sample has 1 seat; it needs at least 2 (the change is measured across "
        "the sampled seats)."
    )
    belfast = post(  # Belfast East and Belfast North: nothing measured in Great Britain
        "seat_code,seat_name,party,votes\nN05000001,Belfast East,DUP,19894\n"
        "N05000001,Belfast East,Alliance,17218\nN05000002,Belfast North,SF,17674\n"
        "N05000002,Belfast North,DUP,12062\n"
    )
    assert belfast.status_code == 400
    assert belfast.json()["detail"].startswith(
        "The exit-poll sample has 0 seats in Great Britain (2 in Northern Ireland"
    )
    assert post("x", base="<script>").status_code == 422
    token = page_token(client, "/exit-poll")
    html = client.post(
        "/exit-poll",
        files={"sample_file": ("s.csv", b"seat_code,party,votes\n", "text/csv")},
        data={"csrf_token": token},
    )
    assert html.status_code == 400 and 'id="exitpoll-error"' in html.text
    forged = client.post(
        "/exit-poll",
        files={"sample_file": ("s.csv", b"x", "text/csv")},
        data={"csrf_token": "forged"},
    )
    assert forged.status_code == 403


def test_the_emulation_page_uses_the_back_test_s_inputs(client: TestClient) -> None:
    """The page's one emulated exit poll is the back-test's first draw: the same sample, the
    same measurement and the same inputs (2024: the nominations and the tactical-voting
    sites' picks, published before polling day)."""
    body = client.get("/api/exit-poll", params={"election": "2024", "seats": 100}).json()
    first = emulate("2024", 100, n_draws=1, seed=12)
    projected = {row["party"]: row["expected_seats"] for row in body["parties"]}
    for party, expected in first.mean_expected.items():
        assert abs(projected[party] - expected) <= 0.051, party


def test_the_emulation_page_scores_exact_seats_by_their_winning_candidates(
    client: TestClient,
) -> None:
    """With exact whole-seat results (``linear``) a sampled seat is won by its winning
    candidate, as in the back-test. Seed 1 samples both 2024 seats where two Independents'
    votes together top the Labour winner's (Birmingham Hall Green & Moseley, Bradford West);
    scored by party totals the page gave them to the Independents."""
    params = {"election": "2024", "seats": 200, "estimator": "linear", "seed": 1}
    body = client.get("/api/exit-poll", params=params).json()
    first = emulate("2024", 200, n_draws=1, seed=1, settings=estimator_settings("2024", "linear"))
    projected = {row["party"]: row["expected_seats"] for row in body["parties"]}
    for party, expected in first.mean_expected.items():
        assert abs(projected[party] - expected) <= 0.051, party


def test_an_uploaded_sample_takes_the_sites_picks(client: TestClient, tmp_path: Path) -> None:
    """The upload takes a bundled set of the tactical-voting sites' picks, as
    `psephos exitpoll estimate --recommendations` does, and gives the library's answer."""
    from psephos.projection.national import read_recommendations

    text = _sample_csv(80)

    def post(**data: str) -> Any:
        files = {"sample_file": ("sample.csv", text.encode(), "text/csv")}
        return client.post(
            "/api/exit-poll", files=files, data={"base": "2019-notional-2024", **data}
        )

    answer = post(recommendations="sites-2024")
    assert answer.status_code == 200, answer.text
    path = tmp_path / "sample.csv"
    path.write_text(text, encoding="utf-8")
    base = psephos.load("2019-notional-2024")
    expected = exit_poll_from_results(
        base, read_results_csv(path), recommended=read_recommendations(base, "sites-2024")
    )
    projected = {row["party"]: row["expected_seats"] for row in answer.json()["parties"]}
    assert projected["LD"] == round(expected.expected_seats["LD"], 1)
    assert answer.json()["recommendations"] == "sites-2024"
    plain = {
        row["party"]: row["expected_seats"]
        for row in post(recommendations="none").json()["parties"]
    }
    assert plain != projected
    by_default = post()  # the picks bundled for the election after the base: sites-2024
    assert by_default.json()["recommendations"] == "sites-2024"
    assert {
        row["party"]: row["expected_seats"] for row in by_default.json()["parties"]
    } == projected
    other = post(recommendations="sites-2019")  # drawn on the old boundaries
    assert other.status_code == 404 and "other boundaries" in other.text  # as a seat not there
    assert post(recommendations="<script>").status_code == 422
    page = client.get("/exit-poll")
    assert 'name="recommendations"' in page.text


def test_an_uploaded_sample_takes_your_own_picks(client: TestClient, tmp_path: Path) -> None:
    """Your own picks file (``seat,party[,site]``) goes in beside the sample, read as
    ``psephos exitpoll estimate --recommendations FILE`` reads it, and replaces the bundled
    set; a file naming a seat that is not there is refused with the reader's message."""
    from psephos.projection.national import read_recommendations

    text = _sample_csv(80)
    base = psephos.load("2019-notional-2024")
    bundled = read_recommendations(base, "sites-2024")
    seats = np.flatnonzero(bundled.sum(axis=1) > 0)[:150]
    picks = "seat,party\n" + "".join(
        f"{base.codes[i]},{base.parties[int(np.argmax(bundled[i]))]}\n" for i in seats
    )

    def post(picks_text: str, **data: str) -> Any:
        files = {
            "sample_file": ("sample.csv", text.encode(), "text/csv"),
            "recommendations_file": ("my-picks.csv", picks_text.encode(), "text/csv"),
        }
        return client.post(
            "/api/exit-poll", files=files, data={"base": "2019-notional-2024", **data}
        )

    answer = post(picks, recommendations="sites-2024")
    assert answer.status_code == 200, answer.text
    assert answer.json()["recommendations"] == "file: my-picks.csv"
    sample_path, picks_path = tmp_path / "sample.csv", tmp_path / "my-picks.csv"
    sample_path.write_text(text, encoding="utf-8")
    picks_path.write_text(picks, encoding="utf-8")
    expected = exit_poll_from_results(
        base,
        read_results_csv(sample_path),
        recommended=read_recommendations(base, str(picks_path)),
    )
    projected = {row["party"]: row["expected_seats"] for row in answer.json()["parties"]}
    assert projected["LD"] == round(expected.expected_seats["LD"], 1)
    assert projected["Con"] == round(expected.expected_seats["Con"], 1)
    bad = post("seat,party\nNowhere Town,Lab\n")
    assert bad.status_code == 400 and "Nowhere Town" in bad.text  # a bad file, as a sample
    missing = post("seat\nE14001265\n")
    assert missing.status_code == 400 and "party" in missing.text


def test_the_page_and_the_command_show_the_same_interval(
    client: TestClient, tmp_path: Path
) -> None:
    import json

    from typer.testing import CliRunner

    from psephos.cli import app

    text = _sample_csv(60)
    path = tmp_path / "sample.csv"
    path.write_text(text, encoding="utf-8")
    command = CliRunner().invoke(
        app, ["exitpoll", "estimate", str(path), "--from", "2019-notional-2024", "-f", "json"]
    )
    assert command.exit_code == 0, command.output
    printed = {
        row["party"]: (row["low"], row["high"]) for row in json.loads(command.stdout)["rows"]
    }
    body = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    ).json()
    shown = {row["party"]: (row["low"], row["high"]) for row in body["parties"]}
    assert shown and all(printed[party] == pair for party, pair in shown.items())
    assert shown["Lab"][1] - shown["Lab"][0] > 0


def test_the_page_says_what_its_range_includes(client: TestClient) -> None:
    page = client.get("/exit-poll", params={"election": "2019", "seats": 80})
    assert page.status_code == 200 and 'id="exitpoll-range-note"' in page.text
    assert "shares across many seats" in page.text
    assert "narrower than the real uncertainty" not in page.text


def test_too_few_sampled_seats_show_no_range_with_the_command_s_note(client: TestClient) -> None:
    """From 3 seats, emulated or uploaded, the page and its twin give the estimates without a
    range and say why (before: a range narrower than a 12-seat sample's, with no word)."""
    from psephos.forecast.exitpoll import no_interval_note

    note = no_interval_note(3)
    assert note is not None and no_interval_note(4) is None
    body = client.get("/api/exit-poll", params={"election": "2019", "seats": 3}).json()
    assert body["range_note"] == note
    assert all(row["low"] is None and row["high"] is None for row in body["parties"])
    upload = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", _sample_csv(3).encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    ).json()
    assert upload["range_note"] == note
    assert all(row["low"] is None for row in upload["parties"])
    page = client.get("/exit-poll", params={"election": "2019", "seats": 3})
    assert page.status_code == 200
    assert f'id="exitpoll-range-note">{html_escape(note)}</p>' in page.text
    assert "Bar: 90% range" not in page.text and "None" not in page.text
    ranged = client.get("/api/exit-poll", params={"election": "2019", "seats": 4}).json()
    assert ranged["range_note"] is None
    lab = next(row for row in ranged["parties"] if row["party"] == "Lab")
    assert lab["low"] < lab["high"]


def test_a_sample_excel_saved_on_windows_is_read_with_a_note(client: TestClient) -> None:
    """A sample in Windows-1252 (Excel's "CSV" on Windows) gives the same answer as in UTF-8,
    with a note saying how it was read."""
    text = _sample_csv(60)
    header, rest = text.split("\n", 1)
    text = f"{header},comment\n" + rest.replace("\n", ",Zoë\n")

    def post(raw: bytes) -> dict[str, Any]:
        response = client.post(
            "/api/exit-poll",
            files={"sample_file": ("sample.csv", raw, "text/csv")},
            data={"base": "2019-notional-2024"},
        )
        assert response.status_code == 200, response.text
        return dict(response.json())

    windows, utf8 = post(text.encode("cp1252")), post(text.encode())
    assert windows["parties"] == utf8["parties"]
    assert utf8["notes"] == []
    assert len(windows["notes"]) == 1 and "read as Windows-1252" in windows["notes"][0]


def test_a_party_missing_from_some_sampled_seats_is_noted_as_the_command_notes_it(
    client: TestClient, tmp_path: Path
) -> None:
    """The page says what the estimate assumed where a sample leaves a party out of a seat
    it stands in (psephos.forecast.exitpoll.missing_party_notes, the command's note)."""
    from psephos.forecast.exitpoll import missing_party_notes
    from psephos.jurisdictions import parse_results_csv

    lines = _sample_csv(30).splitlines()
    reform = [number for number, line in enumerate(lines) if ",Reform," in line][:3]
    text = "\n".join(line for number, line in enumerate(lines) if number not in reform) + "\n"
    response = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    )
    assert response.status_code == 200, response.text
    base = psephos.load("2019-notional-2024")
    expected = missing_party_notes(base, parse_results_csv(text, name="sample.csv"))
    assert response.json()["notes"] == expected and len(expected) == 1
    assert expected[0].startswith("Reform stands in ")
    # left out of every sampled seat: named all the same, as the command names it
    text = "\n".join(line for line in lines if ",Reform," not in line) + "\n"
    nowhere = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    )
    assert nowhere.status_code == 200, nowhere.text
    (note,) = nowhere.json()["notes"]
    assert note.startswith("Reform stands in ") and "in any sampled seat" in note
    assert note == missing_party_notes(base, parse_results_csv(text, name="sample.csv"))[0]


def test_an_uploaded_sample_counts_unknown_parties_as_other_as_the_command_does(
    client: TestClient, tmp_path: Path
) -> None:
    """A party psephos does not know is refused by default; ``unknown_parties=other`` counts it
    as Other through the reader's own option, the answer ``psephos exitpoll estimate
    --unknown-parties other`` prints; the upload form offers the choice."""
    import json

    from typer.testing import CliRunner

    from psephos.cli import app

    lines = _sample_csv(40).splitlines()
    code, name = lines[1].split(",")[0], lines[1].split(",")[1]
    text = "\n".join([*lines, f"{code},{name},Monster Raving Loony,321"]) + "\n"
    path = tmp_path / "sample.csv"
    path.write_text(text, encoding="utf-8")
    files = {"sample_file": ("sample.csv", text.encode(), "text/csv")}
    base = {"base": "2019-notional-2024"}
    refused = client.post("/api/exit-poll", files=files, data=base)
    assert refused.status_code >= 400 and "Monster Raving Loony" in refused.text
    counted = client.post("/api/exit-poll", files=files, data={**base, "unknown_parties": "other"})
    assert counted.status_code == 200, counted.text
    args = ["exitpoll", "estimate", str(path), "--from", base["base"], "-f", "json"]
    command = CliRunner().invoke(app, [*args, "--unknown-parties", "other"])
    assert command.exit_code == 0, command.output
    printed = {
        row["party"]: (row["low"], row["high"]) for row in json.loads(command.stdout)["rows"]
    }
    shown = {row["party"]: (row["low"], row["high"]) for row in counted.json()["parties"]}
    assert shown and all(printed[party] == pair for party, pair in shown.items())
    # the labels counted as Other, said as the command says them (it said nothing)
    note = (
        "exit-poll sample 'sample.csv': counted as Other, as parties psephos does not know: "
        "Monster Raving Loony."
    )
    assert note in counted.json()["notes"] and note in json.loads(command.stdout)["notes"]
    bad = client.post("/api/exit-poll", files=files, data={**base, "unknown_parties": "drop"})
    assert bad.status_code == 422
    page = client.get("/exit-poll").text
    form = page.split('id="exitpoll-sample-form"')[1].split("</form>")[0]
    assert '<select name="unknown_parties">' in form and '<option value="other">' in form


def test_the_upload_form_and_its_twin_read_one_sample_upload() -> None:
    """Both upload routes read the sample and its options through one dependency into a
    :class:`SampleUpload`; the form reads its CSRF token before them."""
    read = {}
    for route in exitpoll.router.routes:
        assert isinstance(route, APIRoute)
        if "POST" in route.methods:
            read[route.path] = [dependency.call for dependency in route.dependant.dependencies]
    uploaded = read["/api/exit-poll"]
    assert len(uploaded) == 1 and read["/exit-poll"][1:] == uploaded
    sample = object()
    asked = uploaded[0](sample, base="2019", recommendations="none")
    assert asked == exitpoll.SampleUpload(
        sample, "2019", exitpoll.Estimator.chosen, "none", None, "error"
    )
    assert read["/exit-poll"][0](csrf_token="token") == "token"


def test_the_upload_form_names_its_refused_fields_in_the_twin_s_order(
    client: TestClient,
) -> None:
    """A refused upload names its fields in the order they are declared: the form's CSRF
    token first, then the fields the form and its JSON twin share, in the same order."""
    bad = {"base": "<b>", "estimator": "best", "recommendations": "x", "unknown_parties": "drop"}
    twin = client.post("/api/exit-poll", data=bad)
    assert twin.status_code == 422
    fields = [problem["field"] for problem in twin.json()["detail"]]
    assert fields == ["sample_file", "base", "estimator", "recommendations", "unknown_parties"]
    labels = [problem["label"] for problem in twin.json()["detail"]]
    page = client.post("/exit-poll", data={**bad, "csrf_token": "x" * 201})
    assert page.status_code == 422
    main = page.text.split("<main", 1)[1]
    shown = [main.index(html_escape(label)) for label in ["Csrf token", *labels]]
    assert shown == sorted(shown)


def test_picks_an_estimator_does_not_use_are_noted_as_the_command_notes_them(
    client: TestClient, tmp_path: Path
) -> None:
    """The sites' picks given (by default, sites-2024 from the 2019 notional base) to an
    estimator that does not use them: the page says so in the command's words
    (psephos.forecast.exitpoll.unused_picks_notes); the chosen estimator gets no such note."""
    from typer.testing import CliRunner

    from psephos.cli import app

    text = _sample_csv(30)
    path = tmp_path / "sample.csv"
    path.write_text(text, encoding="utf-8")
    for estimator, noted in (("pooled", True), ("linear", True), ("chosen", False)):
        response = client.post(
            "/api/exit-poll",
            files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
            data={"base": "2019-notional-2024", "estimator": estimator},
        )
        assert response.status_code == 200, response.text
        note = (
            f"The {estimator} estimator does not use the sites' picks; the chosen one (the "
            "default) does."
        )
        assert (note in response.json()["notes"]) is noted
        args = ["exitpoll", "estimate", str(path), "--from", "2019-notional-2024"]
        command = CliRunner().invoke(app, [*args, "--estimator", estimator, "-f", "json"])
        assert command.exit_code == 0, command.output
        assert (f"note: {note}" in command.stderr) is noted


def test_the_error_column_is_the_estimate_as_shown_less_the_result(client: TestClient) -> None:
    """Each row's error is its Estimate column less its Result column, as the reader can check:
    2017's Con estimate 317.1 showed as 317 beside a result of 317 with an error of +0.1."""
    page = client.get("/exit-poll", params={"election": "2017"}).text
    table = page.split('id="exitpoll-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    assert len(rows) > 5
    for row in rows:
        cells = re.findall(r'<td class="num(?: range)?">([^<]*)</td>', row)
        estimate, result, error = float(cells[0]), int(cells[2]), float(cells[3])
        assert error == pytest.approx(estimate - result), row


@pytest.mark.parametrize("estimator", ["chosen", "pooled"])
def test_the_estimates_add_up_to_the_house_beside_every_party_that_won(
    client: TestClient, estimator: str
) -> None:
    """The Estimate column is whole seats that add up to the House (each party rounded on its
    own made 651 of 650 in 2024), every party that won a seat is listed beside the result (UUP
    and TUV were not, so the Result column made 648), and a line says Northern Ireland is not
    estimated: no seat there is sampled, so it keeps the base result (DUP "8, 8-8", real 5)."""
    params = {"election": "2024", "estimator": estimator}
    answer = client.get("/api/exit-poll", params=params).json()
    rows = {row["party"]: row for row in answer["parties"]}
    assert sum(row["projected"] for row in rows.values()) == answer["n_seats"] == 650
    assert sum(row["actual"] for row in rows.values()) == 650
    assert {"UUP", "TUV"} <= set(rows)
    expected = [row["expected_seats"] for row in rows.values()]  # the estimate itself, unchanged
    assert all(abs(row["projected"] - row["expected_seats"]) < 1 for row in rows.values()), expected
    note = answer["apart_note"]
    assert note.startswith("Northern Ireland's 18 seats are not estimated: none is in the sample")
    assert ("for certain" in note) is (estimator == "chosen")
    page = client.get("/exit-poll", params=params).text
    table = page.split('id="exitpoll-table"', 1)[1].split("</table>", 1)[0]
    cells = [
        re.findall(r'<td class="num(?: range)?">([^<]*)</td>', row)
        for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[1], re.S)
    ]
    assert sum(int(row[0]) for row in cells) == 650
    assert sum(int(row[2]) for row in cells) == 650
    assert f'id="exitpoll-apart-note">{html_escape(note)}</p>' in page


def test_an_uploaded_sample_with_seats_in_northern_ireland_says_they_move_with_them(
    client: TestClient,
) -> None:
    """A sample with seats in Northern Ireland moves its seats by them alone, and says so."""
    nations = psephos.load("2024").nations
    ireland = [i for i, nation in enumerate(nations) if nation == "Northern Ireland"][:3]
    text = _sample_csv(40, also=ireland)
    answer = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    ).json()
    assert answer["apart_note"].startswith(
        "Northern Ireland's 18 seats move only with the 3 seats sampled there"
    ), answer["apart_note"]
    assert "; each and goes" not in answer["apart_note"]  # one sentence, as the command says it
    assert sum(row["projected"] for row in answer["parties"]) == 650


def test_the_upload_form_keeps_the_choices_sent_with_a_refused_file(client: TestClient) -> None:
    """A refused sample is said above the upload form, which keeps the base, estimator, picks,
    unknown-party choice and sheet sent with it (to send the file again, mended), where they
    went back to the defaults."""
    choices = {
        "base": "2019",
        "estimator": "pooled",
        "recommendations": "none",
        "unknown_parties": "other",
        "sheet": "Sample",
    }
    page = client.post(
        "/exit-poll",
        files={"sample_file": ("s.csv", b"seat_code,party,votes\n", "text/csv")},
        data={**choices, "csrf_token": page_token(client, "/exit-poll")},
    )
    assert page.status_code == 422 and 'id="exitpoll-error"' in page.text
    form = page.text.split('id="exitpoll-sample-form"')[1].split("</form>")[0]
    selected = re.findall(r'<option value="([^"]*)" selected>', form)
    assert selected == ["2019", "pooled", "none", "other"]
    assert (
        'name="sheet" maxlength="100" autocomplete="off" placeholder="the first" value="Sample"'
        in form
    )


def test_api_names_the_estimator_that_made_the_estimate(client: TestClient) -> None:
    """The web API reports the estimator as the CLI's JSON does (one function): the one that
    made the estimate, never the option's name, whether the rule chose it, and its settings;
    the option asked for is kept beside it for the page's form and link."""
    from psephos.forecast.exitpoll import estimator_fields, estimator_settings

    response = client.get("/api/exit-poll", params={"election": "2019", "seats": 30, "seed": 3})
    assert response.status_code == 200
    payload = response.json()
    expected = estimator_fields("chosen", estimator_settings("2019", "chosen"))
    assert payload["estimator"] == expected["estimator"] in ("linear", "pooled")
    assert payload["estimator_chosen_by_rule"] is True
    assert payload["estimator_settings"] == expected["estimator_settings"]
    assert payload["estimator_option"] == "chosen"
    page = client.get("/exit-poll", params={"election": "2019", "seats": 30, "seed": 3})
    assert f"the {expected['estimator']} estimator (chosen on earlier elections)" in page.text
    assert 'value="chosen" selected' in page.text


def test_the_page_and_the_command_give_one_estimate_under_one_name(
    client: TestClient, tmp_path: Path
) -> None:
    """The same sample gives the same figures under the same names on ``/api/exit-poll`` and
    ``psephos exitpoll estimate -f json``: ``projected`` the whole seats (as on
    ``/api/results-night``), ``expected_seats`` the expectation, rounded by one rule (393.65
    was 393.6 on the command and 393.7 on the web)."""
    from cli_helpers import command_json

    text = _sample_csv(60)
    path = tmp_path / "sample.csv"
    path.write_text(text, encoding="utf-8")
    web = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    ).json()
    cli = command_json("exitpoll", "estimate", str(path), "--from", "2019-notional-2024")
    by_party = {row["party"]: row for row in cli["rows"]}
    for row in web["parties"]:
        command = by_party[row["party"]]
        assert (row["projected"], row["expected_seats"]) == (
            command["projected"],
            command["expected_seats"],
        )
    assert isinstance(web["parties"][0]["projected"], int)


#: 30 GB seats of 2024 whose sample gives Other 0.1 expected seats and no whole seat: the
#: command listed Other, the page did not (a row filter each).
OTHER_BELOW_A_SEAT = [
    "E14001083",
    "E14001087",
    "E14001114",
    "E14001120",
    "E14001133",
    "E14001161",
    "E14001171",
    "E14001172",
    "E14001173",
    "E14001206",
    "E14001226",
    "E14001266",
    "E14001307",
    "E14001326",
    "E14001328",
    "E14001333",
    "E14001344",
    "E14001358",
    "E14001386",
    "E14001418",
    "E14001432",
    "E14001445",
    "E14001482",
    "E14001490",
    "E14001518",
    "E14001529",
    "E14001550",
    "E14001552",
    "E14001592",
    "S14000066",
]


def test_the_page_and_the_command_list_the_same_parties(client: TestClient, tmp_path: Path) -> None:
    """The page's party table and the command's are one list
    (:meth:`psephos.forecast.exitpoll.ExitPollEstimate.party_rows`): the same parties, in the
    same order, with the same seats."""
    import json

    from typer.testing import CliRunner

    from psephos.cli import app

    result = psephos.load("2024")
    text = _sample_csv(0, also=[result.seat_index(code) for code in OTHER_BELOW_A_SEAT])
    path = tmp_path / "sample.csv"
    path.write_text(text, encoding="utf-8")
    command = CliRunner().invoke(
        app, ["exitpoll", "estimate", str(path), "--from", "2019-notional-2024", "-f", "json"]
    )
    assert command.exit_code == 0, command.output
    columns = ("party", "projected", "expected_seats", "low", "high")
    printed = [tuple(row[key] for key in columns) for row in json.loads(command.stdout)["rows"]]
    body = client.post(
        "/api/exit-poll",
        files={"sample_file": ("sample.csv", text.encode(), "text/csv")},
        data={"base": "2019-notional-2024"},
    ).json()
    shown = [tuple(row[key] for key in columns) for row in body["parties"]]
    assert shown == printed
    assert ("Other", 0, 0.1) in {row[:3] for row in shown}
