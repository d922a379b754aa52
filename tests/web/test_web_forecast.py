"""Forecast page and its JSON twin (:mod:`psephos.forecast`)."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape

import psephos
from psephos.forecast import forecast
from psephos.forecast.calibration import poll_error_model
from psephos.projection import project

POLL = "Lab 30 Con 20 Reform 25 LD 12 Green 8"


def test_forecast_twin_matches_the_library(client: TestClient) -> None:
    body = client.get("/api/forecast", params={"poll": POLL}).json()
    base = psephos.load("2024")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        shares = np.asarray(project(base, POLL, model=body["model"]).shares)
    expected = forecast(
        base, shares, error_model=poll_error_model(), n_sims=2000, seed=20240704, n_threads=1
    )
    assert body["n_sims"] == 2000 and body["base"] == "2024"
    assert body["p_hung"] == round(float(expected.p_hung), 4)
    rows = {row["party"]: row for row in body["parties"]}
    assert rows["Lab"]["low_90"] <= rows["Lab"]["seats_mean"] <= rows["Lab"]["high_90"]
    assert rows["Lab"]["seats_mean"] == round(expected.expected_seats["Lab"], 1)
    again = client.get("/api/forecast", params={"poll": POLL}).json()
    assert again == body  # fixed seed: the same poll, the same answer


def test_forecast_page_and_bad_poll(client: TestClient) -> None:
    page = client.get("/forecast", params={"poll": POLL})
    assert page.status_code == 200
    assert 'id="forecast-chart"' in page.text and 'id="forecast-hung"' in page.text
    assert 'href="/forecast"' in page.text
    bad = client.get("/api/forecast", params={"poll": "Lab 80 Con 40"})
    assert bad.status_code == 400
    detail = bad.json()["detail"]
    assert isinstance(detail, str) and "\n" not in detail and "100" in detail
    html = client.get("/forecast", params={"poll": "Lab 80 Con 40"})
    assert html.status_code == 400 and detail.split("(")[0].strip()[:30] in html.text
    assert client.get("/api/forecast", params={"model": "nope"}).status_code == 422


def test_the_empty_forecast_form_offers_the_engines_default_model(client: TestClient) -> None:
    """A poll typed into the first page view is forecast with the default model, the same as
    `psephos forecast --poll` (the form once pre-selected uniform swing)."""
    import re

    from psephos.projection import DEFAULT_MODEL

    def selected(text: str) -> list[str]:
        return re.findall(r'<option value="([\w-]+)" selected>', text.split('name="model"')[1])

    assert selected(client.get("/forecast").text)[:1] == [DEFAULT_MODEL]
    chosen = client.get("/forecast", params={"model": "proportional"}).text
    assert selected(chosen)[:1] == ["proportional"]


def test_the_forecast_page_s_json_twin_keeps_the_model(client: TestClient) -> None:
    params = {"base": "2019-notional-2024", "poll": POLL, "model": "uniform"}
    page = client.get("/forecast", params=params)
    assert page.status_code == 200
    match = re.search(r'href="(/api/forecast\?[^"]+)"', page.text)
    assert match is not None
    twin = client.get(match.group(1).replace("&amp;", "&")).json()
    assert twin["model"] == "uniform"
    assert twin == client.get("/api/forecast", params=params).json()


@pytest.mark.parametrize(
    ("poll", "status"),
    [("Lab 40 Con 21 Xyzparty 3", 404), ("Lab 40 Con 21 DUP 3", 400), ("Lab forty", 400)],
)
def test_a_refused_poll_is_shown_beside_the_form_as_its_twin_refuses_it(
    client: TestClient, poll: str, status: int
) -> None:
    twin = client.get("/api/forecast", params={"poll": poll})
    for path, form in (("/forecast", 'id="forecast-form"'), ("/swingometer", 'id="swing-form"')):
        page = client.get(path, params={"poll": poll})
        assert page.status_code == twin.status_code == status, path
        assert form in page.text, path  # the form to correct it, not an error page
        assert escape(twin.json()["detail"]) in page.text, path
    page = client.get("/forecast", params={"poll": poll})
    assert f'name="poll" value="{escape(poll)}"' in page.text  # left in the box
