"""Bloc tactical map and its JSON twin (:func:`psephos.tactical.api.bloc_advice`)."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import page_error

from cli_helpers import command_json
from psephos.cli import app as cli
from psephos.columns import column_meaning
from psephos.jurisdictions import CANADA, UK
from psephos.tactical.api import bloc_advice
from psephos.web.routes import tactical
from psephos.web.routes.tactical import StatusFilter, TacticalQuestion


def test_tactical_twin_matches_the_library(client: TestClient) -> None:
    params = {"election": "next", "against": "Reform", "bloc": "Lab,LD,Green"}
    body = client.get("/api/tactical", params=params).json()
    expected = bloc_advice("Reform", "Lab,LD,Green", election="next")
    assert body["statuses"] == expected["statuses"]
    assert body["target_picks"] == expected["target_picks"]
    picks = {row["code"]: row["pick"] for row in expected["rows"]}
    assert {row["code"]: row["pick"] for row in body["rows"]} == picks
    assert len(body["hexmap"]["hexes"]) == 650
    target = next(row for row in body["rows"] if row["status"] == "target")
    fills = {h["code"]: h["fill"] for h in body["hexmap"]["hexes"]}
    assert fills[target["code"]] == target["colour"]
    legend = [item["label"] for item in body["legend"]]
    assert any(label.startswith("Vote Lab (") for label in legend)
    assert any(label.startswith("Tactics not needed") for label in legend)
    only = client.get("/api/tactical", params={**params, "status": "target"}).json()
    assert len(only["rows"]) == expected["statuses"]["target"]
    assert {row["status"] for row in only["rows"]} == {"target"}


def test_tactical_takes_a_poll_as_the_command_does(client: TestClient) -> None:
    """``poll`` (and ``model``) project the result first, as ``psephos tactical --poll``: the
    same picks and projection as the command, with the poll's notes, on the page too; a poll
    that does not read is refused with the reader's message."""
    poll = "Lab 38 Con 20 Reform 17 LD 12 Green 7 SNP 3"
    params = {"election": "next", "against": "Con", "bloc": "Lab,LD,Green", "poll": poll}
    body = client.get("/api/tactical", params=params).json()
    command = command_json("tactical", "--against", "Con", "--bloc", "Lab,LD,Green", "--poll", poll)
    assert {row["code"]: row["pick"] for row in body["rows"]} == {
        row["code"]: row["pick"] for row in command["rows"]
    }
    assert body["statuses"] == command["statuses"]
    assert body["projection"] == command["projection"] and body["projection"]["seats"]
    assert body["notes"] == command["notes"] and "sum to 97.0%" in body["notes"][0]
    plain = client.get("/api/tactical", params={**params, "poll": ""}).json()
    assert plain["statuses"] != body["statuses"] and plain["projection"] is None
    page = client.get("/tactical", params=params)
    assert page.status_code == 200 and body["notes"][0] in html.unescape(page.text)
    assert f'value="{poll}"' in page.text
    bad = client.get("/api/tactical", params={**params, "poll": "Lab 80 Con 80"})
    assert bad.status_code == 400 and "above 100%" in bad.json()["detail"]
    refused = CliRunner().invoke(
        cli, ["tactical", "--against", "Con", "--election", "2019", "--poll", poll]
    )
    assert refused.exit_code == 2 and "advice for 2019 uses its final polls" in refused.output


def test_tactical_page_and_bad_input(client: TestClient) -> None:
    page = client.get("/tactical", params={"against": "Con", "bloc": "Lab,LD"})
    assert page.status_code == 200
    assert 'id="tactical-map"' in page.text and page.text.count("<polygon") == 650
    assert 'id="tactical-legend"' in page.text and "Vote Lab" in page.text
    assert 'href="/tactical"' in page.text  # in the navigation
    unknown = client.get("/api/tactical", params={"against": "Nope"})
    assert unknown.status_code == 404 and "Unknown party 'Nope'" in unknown.json()["detail"]
    html = client.get("/tactical", params={"against": "Nope"})
    assert html.status_code == 404 and "Unknown party" in html.text
    unbundled = client.get("/api/tactical", params={"election": "2099"})
    assert unbundled.status_code == 404 and "Unknown election '2099'" in unbundled.json()["detail"]
    assert client.get("/api/tactical", params={"election": "<b>"}).status_code == 422
    assert client.get("/api/tactical", params={"against": "<b>"}).status_code == 422


def test_tactical_build_backs_a_party_in_long_shots(client: TestClient) -> None:
    params = {"against": "Reform", "bloc": "Lab,LD,Green", "build": "Green"}
    body = client.get("/api/tactical", params=params).json()
    expected = bloc_advice("Reform", "Lab,LD,Green", election="next", build="Green")
    built = [row for row in expected["rows"] if row["rule"] == "build"]
    assert built and all(row["pick"] == "Green" for row in built)
    rows = {row["code"]: row for row in body["rows"]}
    green = next(item["colour"] for item in body["legend"] if item["label"].startswith("Build"))
    assert all(rows[row["code"]]["colour"] == green for row in built)
    assert f"Build Green ({len(built)} long shots)" in [item["label"] for item in body["legend"]]
    outside = client.get("/api/tactical", params={**params, "bloc": "Lab,LD"})
    assert outside.status_code == 400
    assert outside.json()["detail"] == "Cannot build Green: it is not in the bloc (Lab, LD)."
    page = client.get("/tactical", params={**params, "status": "long shot"})
    assert page.status_code == 200 and "(build)" in page.text


def test_the_tactical_page_s_json_twin_lists_the_same_seats(client: TestClient) -> None:
    """The page lists target seats by default and the API every seat: the twin link says
    which list the page shows."""
    for status in ("target", "long shot"):
        params = {"election": "2024", "against": "Reform", "bloc": "Lab,LD,Green"}
        page = client.get("/tactical", params={**params, "status": status})
        assert page.status_code == 200
        match = re.search(r'JSON: <a href="(/api/tactical\?[^"]+)"', page.text)
        assert match is not None
        twin = client.get(match.group(1).replace("&amp;", "&")).json()
        assert twin["rows"] and {row["status"] for row in twin["rows"]} == {status}
        direct = client.get("/api/tactical", params={**params, "status": status}).json()
        assert twin == direct


def test_the_page_and_its_twin_read_one_question() -> None:
    """Both routes read a :class:`TacticalQuestion`: each list of parties written one way, the
    parties to defeat defaulting as the command's do; only the seats listed by default differ
    (the page: targets; the JSON: every seat)."""
    asked = {}
    for route in tactical.router.routes:
        assert isinstance(route, APIRoute)
        (dependency,) = route.dependant.dependencies
        asked[route.path] = dependency.call
    messy = {"against": " Con , ,LD ", "bloc": "", "build": " Green "}
    assert asked["/tactical"](**messy) == TacticalQuestion(
        "next", "Con,LD", None, "Green", StatusFilter.target
    )
    assert asked["/api/tactical"](**messy) == TacticalQuestion(
        "next", "Con,LD", None, "Green", StatusFilter.all
    )
    assert asked["/api/tactical"](against=" ").against == ",".join(UK.default_against)


def test_the_lists_are_read_as_the_command_reads_them(client: TestClient) -> None:
    """The parties to defeat and the bloc are read with the one reader of a list of parties
    (:func:`psephos.model.split_parties`), as ``psephos tactical`` reads them: 'Lab+LD' and
    'Lab; LD' are 'Lab,LD', and the twin answers the same."""
    for route in tactical.router.routes:
        assert isinstance(route, APIRoute)
        (dependency,) = route.dependant.dependencies
        assert dependency.call is not None
        asked = dependency.call(against="Con + Reform", bloc="Lab; LD > Green", build=None)
        assert (asked.against, asked.bloc) == ("Con,Reform", "Lab,LD,Green")
    comma = {"election": "2024", "against": "Reform", "bloc": "Lab,LD"}
    expected = client.get("/api/tactical", params=comma).json()
    assert expected["bloc"] == ["Lab", "LD"]
    for written in ("Lab+LD", "Lab; LD"):
        body = client.get("/api/tactical", params={**comma, "bloc": written}).json()
        assert body == expected
    pages = [
        client.get("/tactical", params={**comma, "against": against, "bloc": bloc})
        for against, bloc in (("Reform,Con", "Lab,LD"), ("Reform + Con", "Lab+LD"))
    ]
    ledes = [re.search(r'<p class="lede">(.*?)</p>', page.text) for page in pages]
    assert all(page.status_code == 200 for page in pages) and ledes[0] is not None
    assert "Con" in ledes[0][1] and ledes[1] is not None and ledes[1][1] == ledes[0][1]


def test_the_map_names_the_parties_to_defeat_as_the_command_s_title(client: TestClient) -> None:
    """Three parties to defeat are "Con, Reform UK and SNP" on the page, in its twin and in
    ``psephos tactical``'s title (one library phrase, :func:`psephos.tactical.api.against_label`),
    never "Con and Reform UK and SNP"."""
    params = {"election": "2024", "against": "Con,Reform,SNP"}
    body = client.get("/api/tactical", params=params).json()
    assert body["against_label"] == "Con, Reform UK and SNP"
    page = html.unescape(client.get("/tactical", params=params).text)
    assert "To defeat Con, Reform UK and SNP, voters of" in page
    assert "not needed: Con, Reform UK and SNP wins" in page
    assert " and Reform UK and " not in page
    title = (
        CliRunner()
        .invoke(
            cli,
            ["tactical", "--against", "Con,Reform,SNP", "-e", "2024", "--sims", "50"],
            env={"COLUMNS": "200"},
        )
        .stdout.splitlines()[0]
    )
    assert title.startswith(f"Tactical picks against {body['against_label']} (")


def test_a_canadian_election_is_advised_as_the_command_advises_it(client: TestClient) -> None:
    """The page takes the elections ``psephos tactical`` takes, Canada's too, with the
    parties to defeat of the election's country where none are given and, the bloc not
    given, every other party (the command's ``--bloc`` default); Canada has no hex map, so
    the page shows the table alone."""
    against = ",".join(CANADA.default_against)
    body = client.get("/api/tactical", params={"election": "canada-2021"}).json()
    expected = bloc_advice(against, None, election="canada-2021")
    assert (body["election"], body["against"], body["bloc"]) == (
        "canada-2021",
        list(CANADA.default_against),
        None,
    )
    assert body["statuses"] == expected["statuses"]
    assert {row["code"]: row["pick"] for row in body["rows"]} == {
        row["code"]: row["pick"] for row in expected["rows"]
    }
    assert body["hexmap"]["hexes"] == []
    page = client.get("/tactical", params={"election": "canada-2021"})
    assert page.status_code == 200
    assert 'id="tactical-map"' not in page.text and "No hex map is bundled" in page.text
    assert page.text.count("<tr>") - 1 == expected["statuses"]["target"]  # less the header
    assert '<option value="canada-2021" selected>' in page.text
    assert f'value="{against}"' in page.text and 'name="bloc" value=""' in page.text
    assert "voters of every other party" in page.text


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"election": "canada-2021", "against": "Whigs", "bloc": "LPC,NDP"}, 404),
        ({"election": "2019", "against": "Con", "bloc": "Lab,LD", "build": "SNP"}, 400),
    ],
)
def test_tactical_page_says_a_refusal_above_the_form_it_keeps(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    """An input the library refuses is said above the form, with the JSON twin's status and
    message, and the form keeps what was typed (not an error page without the form)."""
    twin = client.get("/api/tactical", params=params)
    page = client.get("/tactical", params={**params, "status": "long shot"})
    assert twin.status_code == page.status_code == status
    assert page_error(page.text, "tactical") == twin.json()["detail"]
    assert page.text.index('id="tactical-error"') < page.text.index('id="tactical-form"')
    assert f'<option value="{params["election"]}" selected>' in page.text
    assert '<option value="long shot" selected>' in page.text
    for name in ("against", "bloc", "build"):
        if name in params:
            assert f'name="{name}" value="{params[name]}"' in page.text


def test_tactical_twin_refuses_a_party_the_election_does_not_have(client: TestClient) -> None:
    """Reform in a Canadian election is refused (404, the election's parties named), not read
    as a party that needs no tactics anywhere."""
    params = {"election": "canada-2021", "against": "Reform", "bloc": "LPC,NDP,GPC"}
    twin = client.get("/api/tactical", params=params)
    assert twin.status_code == 404
    assert twin.json()["detail"].startswith("Reform is a UK party: use a UK election")
    assert "this Canadian election's own parties (LPC, CPC" in twin.json()["detail"]


def test_tactical_page_says_an_unknown_election_above_the_form(client: TestClient) -> None:
    """An election psephos does not have (an edited URL) is said above the form, with the
    JSON twin's message and status (404), not on a bare error page."""
    for params in ({"election": "2099"}, {"election": "2099", "against": "Con"}):
        twin = client.get("/api/tactical", params=params)
        page = client.get("/tactical", params=params)
        assert twin.status_code == page.status_code == 404
        said = page_error(page.text, "tactical")
        assert said is not None and said == twin.json()["detail"]
        assert said.startswith("Unknown election")
        assert page.text.index('id="tactical-error"') < page.text.index('id="tactical-form"')
        assert f'name="against" value="{params.get("against", "")}"' in page.text


def test_the_tactical_map_s_key_is_inside_its_frame(client: TestClient) -> None:
    """The key sits in the map's figure, as every other map's does (it stood under the frame)."""
    page = client.get("/tactical", params={"against": "Con", "bloc": "Lab,LD"}).text
    figure = re.search(r'<figure class="hexmap">.*?</figure>', page, re.DOTALL)
    assert figure is not None
    assert 'id="tactical-legend"' in figure.group(0)
    assert page.count('id="tactical-legend"') == 1
    assert '<svg class="swatch"' in figure.group(0)


def test_the_tactical_page_says_what_sure_means_as_the_command_s_legend(client: TestClient) -> None:
    """The page's "Sure" column is the command's ``p_best_placed``, in the same words."""
    page = client.get("/tactical", params={"against": "Con", "bloc": "Lab,LD"})
    assert page.status_code == 200
    shown = html.unescape(page.text.split('id="tactical-columns">')[1].split("</p>")[0])
    assert shown.startswith(f"Sure: {column_meaning('p_best_placed')}. Target:")


def test_the_tactical_table_writes_its_chances_as_every_chance_is_written(
    client: TestClient,
) -> None:
    """The Sure, bloc and against columns write each chance as the seat page does
    (:func:`psephos.numbers.one_in`, the ``chance`` filter): "99%", "99.9%", "78%", "about 1 in
    2,500", never a trailing zero from a column's shared places ("99.90%" beside "99%")."""
    from psephos.numbers import one_in

    params = {"against": "Con", "bloc": "Lab,LD,Green", "status": "target"}
    page = client.get("/tactical", params=params)
    assert page.status_code == 200
    body = client.get("/api/tactical", params=params).json()
    table = page.text.partition('id="tactical-table"')[2].partition("</table>")[0]
    cells = [html.unescape(c) for c in re.findall(r'<td class="num chance">([^<]*)</td>', table)]
    expected = [
        one_in(row[key])
        for row in body["rows"]
        for key in ("p_best_placed", "p_bloc_wins", "p_against_wins")
    ]
    assert cells == expected
    assert not [cell for cell in cells if re.search(r"\.\d*0%", cell)]
