"""The web API's contract with the command line: a query parameter a route does not take is
refused, not dropped, naming the route's name for a command-line option; a table the command
and its JSON twin both give is under the same key with the command's row keys."""

from __future__ import annotations

from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient

from cli_helpers import command_json


def _problems(answer: object) -> list[dict[str, str]]:
    return answer.json()["detail"]  # type: ignore[attr-defined,no-any-return]


def test_an_unknown_query_parameter_is_refused_with_the_name_meant(client: TestClient) -> None:
    """``/api/targets?list=defend`` answered the attack list, ``list`` (the command's
    ``--list``) dropped without a word: a parameter the route does not take is refused with
    422, naming it, the route's parameters and the command-line option's name here."""
    params = {"attacker": "Lab", "defender": "Reform", "list": "defend"}
    answer = client.get("/api/targets", params=params)
    assert answer.status_code == 422
    [problem] = _problems(answer)
    assert problem["field"] == "list"
    message = problem["message"]
    assert message.startswith(
        "not a parameter of /api/targets (it takes areas, attacker, defender,"
    )
    assert message.endswith("Did you mean 'kind' (the command line's --list)?")
    assert "\n" not in message
    # the same with the route's own name is answered
    named = {"attacker": "Lab", "defender": "Reform", "kind": "defend"}
    kind = client.get("/api/targets", params=named)
    assert kind.status_code == 200 and kind.json()["kind"] == "defend"


@pytest.mark.parametrize(
    ("path", "params", "meant"),
    [
        ("/api/nearest", {"postcode": "GU1 3AA", "km": "40"}, "Did you mean 'max_km' (the"),
        ("/api/nearest", {"postcode": "GU1 3AA", "max-km": "40"}, "Did you mean 'max_km'?"),
        ("/api/nearest", {"from": "51.2,-0.5"}, "Did you mean 'lat' and 'lon' (the command"),
        ("/api/marginals", {"electon": "2019"}, "Did you mean 'election'?"),
        ("/api/elections/2024", {"x": "1"}, "(it takes none)."),
    ],
)
def test_each_route_refuses_what_it_does_not_take(
    client: TestClient, path: str, params: dict[str, str], meant: str
) -> None:
    """One check for every route (a dependency of the app, from the route's declared
    parameters): an option's name, a dash for an underscore, a typo, or anything on a route
    that takes no query."""
    answer = client.get(path, params=params)
    assert answer.status_code == 422, answer.text
    assert meant in _problems(answer)[0]["message"]


def test_a_page_refuses_an_unknown_parameter_and_links_back_without_it(
    client: TestClient,
) -> None:
    page = client.get("/targets", params={"attacker": "LD", "list": "defend"})
    assert page.status_code == 422
    text = unescape(page.text)
    assert "Did you mean 'kind' (the command line's --list)?" in text
    back = next(
        line for line in text.splitlines() if "Back to the page, with the rest" in line
    ).split('href="', 1)[1]
    assert dict(parse_qsl(urlsplit(back.split('"', 1)[0]).query)) == {"attacker": "LD"}


def test_the_nearest_marginals_take_a_party_as_the_command_does(client: TestClient) -> None:
    """``/api/nearest?party=LD`` was answered with every party's marginals (``party`` not a
    parameter, dropped): it lists those the party won or came second in, the command's rows
    under the command's key, and the page has the box."""
    params = {"postcode": "GU1 3AA", "party": "LD", "max_km": "40"}
    body = client.get("/api/nearest", params=params).json()
    expected = command_json(
        "nearest", "--postcode", "GU1 3AA", "--closest", "--party", "LD", "--km", "40"
    )
    assert body["party"] == expected["party"] == "LD"
    assert [{key: row[key] for key in expected["rows"][0]} for row in body["rows"]] == (
        expected["rows"]
    )
    assert body["rows"] and all("LD" in (row["winner"], row["runner_up"]) for row in body["rows"])
    every = client.get("/api/nearest", params={**params, "party": ""}).json()
    assert every["party"] is None
    assert any("LD" not in (row["winner"], row["runner_up"]) for row in every["rows"])
    page = client.get("/nearest", params=params).text
    assert 'name="party" value="LD"' in page and "with LD first or second" in page
    assert "Bracknell" in unescape(client.get("/nearest", params={**params, "party": ""}).text)
    assert "Bracknell" not in unescape(page)


@pytest.mark.parametrize(
    ("path", "params", "command"),
    [
        (
            "/api/targets",
            {"election": "2024", "attacker": "Lab", "defender": "Con", "top": "3"},
            ["target", "2024", "--pair", "Lab,Con", "--top", "3"],
        ),
        (
            "/api/marginals",
            {"election": "2024", "top": "5", "by": "share"},
            ["marginals", "2024", "--top", "5", "--by", "share"],
        ),
        ("/api/systems", {"election": "2024"}, ["systems", "2024"]),
        (
            "/api/pacts",
            {"election": "2024", "bloc": "Lab,LD,Green"},
            ["pact", "2024", "--bloc", "Lab,LD,Green"],
        ),
    ],
    ids=["targets", "marginals", "systems", "pacts"],
)
def test_the_twin_gives_the_command_s_table_under_its_key(
    client: TestClient, path: str, params: dict[str, str], command: list[str]
) -> None:
    """The command put its table under ``rows``, the twin under ``seats``, ``parties`` or
    ``assignments`` (``systems``' seats nested by system): one script reads both, each row
    with the command's keys and values (the web adds a colour or labels beside them)."""
    body = client.get(path, params=params).json()
    expected = command_json(*command)
    assert expected["rows"]
    assert [{key: row[key] for key in expected["rows"][0]} for row in body["rows"]] == (
        expected["rows"]
    )


@pytest.mark.parametrize(
    ("path", "params", "command", "key"),
    [
        (
            "/api/seats/E14001305",
            {"election": "2024"},
            ["results", "2024", "--seat", "Islington North"],
            None,
        ),
        (
            "/api/forecast",
            {"base": "2019-notional-2024", "poll": "Lab 40 Con 24 Reform 15 LD 11 Green 6"},
            ["forecast", "--from", "2019-notional-2024", "--poll",
             "Lab 40 Con 24 Reform 15 LD 11 Green 6", "--seed", "20240704", "--sims", "2000"],
            None,
        ),
        (
            "/api/advice",
            {"seat": "Bath", "prefer": "LD,Lab,Green", "against": "Con"},
            ["advise", "Bath", "--prefer", "LD,Lab,Green", "--against", "Con"],
            None,
        ),
        ("/api/coalitions", {"election": "2017"}, ["govern", "2017"], "report"),
    ],
    ids=["seat", "forecast", "advice", "coalitions"],
)  # fmt: skip
def test_the_twin_shares_the_command_s_key_names(
    client: TestClient, path: str, params: dict[str, str], command: list[str], key: str | None
) -> None:
    """The same answer under the same keys on both paths: the twin gives the command's table
    under ``rows`` beside its own name for it (a seat's ``candidates``, the forecast's
    ``parties``, the advice's ``options``, the coalitions report's ``arrangements``), each
    row with the command's keys and values, and a seat's ``headline`` lines as the command
    prints them; a script switching between the two reads the same keys."""
    body = client.get(path, params=params).json()
    answer = body if key is None else body[key]
    expected = command_json(*command)
    assert expected["rows"]
    shown = [{column: row[column] for column in expected["rows"][0]} for row in answer["rows"]]
    assert shown == expected["rows"]
    if "headline" in expected and path.startswith("/api/seats"):
        assert answer["headline"] == expected["headline"]


def test_a_shared_links_tracking_tags_open_the_page_but_not_the_api(client: TestClient) -> None:
    """A link shared on a social site or in a newsletter comes back with ``fbclid`` or
    ``utm_source`` added: the page opens as the sender meant it; an API call with one is
    still refused, as any parameter a route does not take is."""
    tagged = {"election": "2017", "fbclid": "IwAR0abc", "utm_source": "newsletter"}
    page = client.get("/marginals", params=tagged)
    assert page.status_code == 200
    assert page.text == client.get("/marginals", params={"election": "2017"}).text
    api = client.get("/api/marginals", params=tagged)
    assert api.status_code == 422
    assert {problem["field"] for problem in api.json()["detail"]} == {"fbclid", "utm_source"}
    typo = client.get("/marginals", params={"election": "2017", "utm": "x"})
    assert typo.status_code == 422  # not a tracking tag: refused as any unknown name
