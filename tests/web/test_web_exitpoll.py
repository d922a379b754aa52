"""Exit-poll estimator page and its JSON twin (:mod:`psephos.forecast.exitpoll`)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from psephos.forecast.exitpoll import REAL_EXIT_POLL, emulate


def test_exit_poll_twin(client: TestClient) -> None:
    body = client.get("/api/exit-poll", params={"election": "2019", "seats": 80}).json()
    assert body["sample_size"] == 80 and len(body["sampled_seats"]) == 80
    rows = {row["code"]: row for row in body["parties"]}
    assert rows["Con"]["actual"] == 365  # the 2019 result
    assert rows["Con"]["real_exit_poll"] == REAL_EXIT_POLL["2019"]["Con"]
    for row in body["parties"]:
        assert 0 <= row["low"] <= row["projected"] <= row["high"] <= 650
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
