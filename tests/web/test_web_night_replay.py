"""Replaying a past results night on the web (``/results-night/replay``): the projection after
any number of declarations through the replay ``psephos nowcast replay`` runs, beside the plain
regional swing and the result, and the night's convergence chart."""

from __future__ import annotations

from html import unescape

from fastapi.testclient import TestClient

from cli_helpers import command_json
from psephos.forecast.nowcast import CHECKPOINTS
from psephos.web import services


def test_the_twin_gives_the_command_s_errors_at_its_checkpoints(client: TestClient) -> None:
    """The page's JSON twin is the replay ``psephos nowcast replay 2019`` runs: its errors after
    50 seats are the command's row's, and its curve ends on every seat declared."""
    answer = client.get("/api/results-night/replay", params={"election": "2019", "declared": 50})
    assert answer.status_code == 200, answer.text
    night = answer.json()
    command = command_json("nowcast", "replay", "2019")
    [at_50] = [row for row in command["rows"] if row["declared"] == 50]
    assert night["error_nowcast"] == at_50["error_nowcast"]
    assert night["error_baseline"] == at_50["error_baseline"]
    assert night["call"]["status"] == "majority" and night["call"]["party"] == "Con"
    assert night["curve"]["declared"][-1] == night["n_seats"] == 650
    assert night["curve"]["declared"][:2] == [5, 10]
    assert 50 in CHECKPOINTS and night["chart"].endswith("election=2019&declared=50")


def test_the_page_shows_the_projection_beside_the_baseline_and_the_result(
    client: TestClient,
) -> None:
    page = client.get("/results-night/replay", params={"election": "2019", "declared": "100"})
    assert page.status_code == 200
    text = unescape(page.text)
    assert "UK general election 2019, after 100 seats of 650 had declared" in text
    assert '<th class="num">Regional swing</th><th class="num">Result</th>' in text
    # the convergence chart, drawn with the page: its image is answered from the cache
    chart = "/results-night/replay/chart.svg?election=2019&declared=100"
    assert f'<img id="replay-chart" src="{chart}"' in text
    assert services.replay_chart_if_cached("2019", 100) is not None
    assert 'href="/api/results-night/replay?election=2019&declared=100"' in text
    assert "psephos nowcast replay 2019" in text
    # the night menu offers every night the command replays, the chosen one selected
    assert '<option value="2019" selected>' in text and 'value="canada-2021"' in text
    # the site's navigation links it, and the results-night page (no night open) too
    assert 'href="/results-night/replay" aria-current="page"' in text
    night = unescape(client.get("/results-night").text)
    assert 'href="/results-night/replay?election=2024"' in night


def test_before_twenty_seats_it_is_too_early_to_say_as_on_results_night(
    client: TestClient,
) -> None:
    """After 10 Canadian ridings (the assumed order) the projection and the baseline are
    withheld, as the live page withholds them; the declared seats and the result stay."""
    night = client.get(
        "/api/results-night/replay", params={"election": "canada-2021", "declared": 10}
    ).json()
    assert night["call"]["status"] == "too-early"
    assert night["declaration_order"].startswith("assumed, not recorded")
    liberal = next(row for row in night["rows"] if row["party"] == "LPC")
    assert liberal["projected"] is None and liberal["baseline"] is None
    assert liberal["final"] == 160 and sum(row["declared"] for row in night["rows"]) == 10


def test_the_chart_is_the_command_s_convergence_chart(client: TestClient) -> None:
    chart = client.get("/results-night/replay/chart.svg", params={"election": "2017"})
    assert chart.status_code == 200
    assert chart.headers["content-type"] == "image/svg+xml"
    assert chart.text.lstrip().startswith("<?xml") and "<svg" in chart.text
    assert "psephos nowcast" in chart.text  # the legend of psephos.forecast.charts


def test_a_night_that_cannot_be_replayed_or_a_count_it_never_had_is_refused(
    client: TestClient,
) -> None:
    first = client.get("/api/results-night/replay", params={"election": "2010"})
    assert first.status_code == 400
    assert first.json()["detail"] == (
        "No results night '2010' to replay; choose one of: 2015, 2017, 2019, 2024, canada-2021."
    )
    assert client.get("/api/results-night/replay", params={"election": "1999"}).status_code == 404
    canada = client.get(
        "/results-night/replay", params={"election": "canada-2021", "declared": 400}
    )
    assert canada.status_code == 400
    assert "between 1 and 338" in unescape(canada.text)
    too_many = client.get("/api/results-night/replay", params={"declared": 651})
    assert too_many.status_code == 422
