"""The web's number fields take the ranges ``psephos``'s options take: one table,
:data:`psephos.bounds.NUMBER_BOUNDS`, read by the command line's contract and by the pages'
fields and number boxes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from psephos.bounds import NUMBER_BOUNDS
from psephos.cli import app as cli_app

#: (method and path, field) -> the option of the same meaning in NUMBER_BOUNDS.
FIELDS = {
    ("get", "/api/systems", "district_size"): "district_size",
    ("get", "/api/systems", "threshold"): "threshold",
    ("get", "/api/nearest", "max_km"): "max_km",
    ("get", "/api/targets", "votes_per_hour"): "votes_per_hour",
    ("post", "/api/organisers/allocate", "k"): "k_nearest",
    ("post", "/api/organisers/allocate", "max_km"): "max_km",
    ("post", "/api/organisers/allocate", "votes_per_hour"): "votes_per_hour",
    ("post", "/api/organisers/allocate", "speed_kmh"): "speed_kmh",
    ("post", "/api/organisers/allocate", "session_hours"): "session_hours",
}


def _schema(openapi: dict[str, Any], method: str, path: str, field: str) -> dict[str, Any]:
    operation = openapi["paths"][path][method]
    for parameter in operation.get("parameters", []):
        if parameter["name"] == field:
            return dict(parameter["schema"])
    body = operation["requestBody"]["content"]
    reference = next(iter(body.values()))["schema"]["$ref"].rsplit("/", 1)[1]
    return dict(openapi["components"]["schemas"][reference]["properties"][field])


def _range(schema: dict[str, Any]) -> tuple[float | None, float | None, bool]:
    """A field's ``(low, high, low_open)``, a field that may be blank included (its
    constraints beside ``anyOf``, as ``gt`` and ``le``)."""
    for option in schema.get("anyOf", []):
        schema = {**option, **schema}
    high = schema.get("maximum", schema.get("le"))
    if "exclusiveMinimum" in schema or "gt" in schema:
        return schema.get("exclusiveMinimum", schema.get("gt")), high, True
    return schema.get("minimum", schema.get("ge")), high, False


@pytest.mark.parametrize(("where", "option"), list(FIELDS.items()), ids=lambda v: str(v))
def test_a_web_field_takes_the_command_s_range(
    client: TestClient, where: tuple[str, str, str], option: str
) -> None:
    bound = NUMBER_BOUNDS[option]
    schema = _schema(client.get("/openapi.json").json(), *where)
    assert _range(schema) == (bound.low, bound.high, bound.low_open)


def test_a_district_size_the_command_refuses_the_page_refuses(client: TestClient) -> None:
    """``psephos systems 2024 --district-size 60`` was refused while the page counted STV in
    districts of 60; both refuse it now, naming the same range."""
    command = CliRunner().invoke(cli_app, ["systems", "2024", "--district-size", "60"])
    assert command.exit_code != 0 and "from 1 to 50" in command.output
    answer = client.get("/api/systems", params={"election": "2024", "district_size": "60"})
    assert answer.status_code == 422 and "50" in answer.text
    page = client.get("/systems").text
    assert re.search(r'name="district_size"[^>]*max="50"', page)


def test_the_number_boxes_offer_the_command_s_range(client: TestClient) -> None:
    page = client.get("/nearest").text
    assert f'name="max_km" min="1" max="{NUMBER_BOUNDS["max_km"].high:g}"' in page
    targets = client.get("/targets").text
    assert re.search(r'name="votes_per_hour"[^>]*max="1000"', targets)


def test_the_exit_poll_sample_takes_the_command_s_range(client: TestClient) -> None:
    """The page's sample size is ``psephos exitpoll emulate --k``'s range, the seats of the
    election's country's main area (Great Britain's for the UK:
    :func:`psephos.forecast.exitpoll.sample_seats`), where the page wrote 632 itself; the
    command and the page's twin refuse a size outside it in one message, at both ends."""
    import psephos
    from psephos.forecast.exitpoll import sample_seats
    from psephos.jurisdictions import UK

    bound = sample_seats(psephos.load("2017"))
    assert (bound.low, bound.high) == (2, UK.main_area_seats) == (2, 632)
    for k in ("1", "700"):
        command = CliRunner().invoke(cli_app, ["exitpoll", "emulate", "2017", "--k", k])
        said = bound.check(int(k))
        assert command.exit_code == 2 and said is not None and said in command.stderr
        refused = client.get("/api/exit-poll", params={"election": "2017", "seats": k})
        assert refused.status_code == 422
        [problem] = refused.json()["detail"]
        assert (problem["field"], problem["message"]) == ("seats", said)
    page = client.get("/exit-poll").text
    assert 'name="seats" type="number" min="2" max="632"' in page


@pytest.mark.parametrize(
    "point", [("53.33", "-6.25"), ("95", "0"), ("45.42", "-75.7")], ids=["dublin", "95", "ottawa"]
)
def test_the_nearest_search_refuses_a_point_in_the_library_s_words(
    client: TestClient, point: tuple[str, str]
) -> None:
    """A starting point is checked by the library, as ``psephos nearest --closest`` checks it
    (:func:`psephos.targeting.geo.check_coordinates`, then within reach of the election's
    seats), where the page refused anything outside a box round the UK written into its query
    (49 to 61.5 north, 9 west to 2.5 east) with a bare range."""
    command = CliRunner().invoke(cli_app, ["nearest", "--closest", ",".join(point)])
    assert command.exit_code != 0
    said = command.stderr.strip().removeprefix("error: ")
    lat, lon = point
    answer = client.get("/api/nearest", params={"lat": lat, "lon": lon})
    assert answer.status_code == 400 and answer.json()["detail"] == said
    page = client.get("/nearest", params={"lat": lat, "lon": lon})
    assert page.status_code == 400 and said.replace("'", "&#39;") in page.text
