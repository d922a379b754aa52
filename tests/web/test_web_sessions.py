"""Organisers' data treated as personal data: server-side sessions that end at logout and
password change, limits shared by workers, bounded heavy endpoints, the access log and login
audit, and volunteers that can be exported, erased and are never stored twice."""

from __future__ import annotations

import logging
import time
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import ORGANISER, PASSWORD, Server, add_organiser, api_login, page_token

from psephos.web.limits import HeavyLimiter
from psephos.web.store import login_audit

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

VOLUNTEER = {
    "name": "Vera Example",
    "email": "Vera@Example.org",
    "election": "2024",
    "target_seat": "E14001186",
    "hours_per_week": 4,
    "consent": True,
}


def test_a_cookie_saved_before_logout_gets_401_after(client: TestClient, organiser: str) -> None:
    token = api_login(client)
    saved = dict(client.cookies)
    assert client.get("/api/organisers/volunteers").status_code == 200
    assert client.post("/api/logout", headers={"X-CSRF-Token": token}).status_code == 200
    client.cookies.clear()
    for name, value in saved.items():
        client.cookies.set(name, value)
    replay = client.get("/api/organisers/volunteers")
    assert replay.status_code == 401
    assert client.get("/organisers", follow_redirects=False).status_code == 303


def test_password_change_ends_every_session(app: FastAPI, organiser: str) -> None:
    with TestClient(app) as first, TestClient(app) as second:
        token = api_login(first)
        api_login(second)
        assert second.get("/api/organisers/volunteers").status_code == 200
        wrong = first.post(
            "/api/organisers/password",
            json={"current_password": "not it", "new_password": "another long password"},
            headers={"X-CSRF-Token": token},
        )
        assert wrong.status_code == 403
        changed = first.post(
            "/api/organisers/password",
            json={"current_password": PASSWORD, "new_password": "another long password"},
            headers={"X-CSRF-Token": token},
        )
        assert changed.status_code == 200
        assert first.get("/api/organisers/volunteers").status_code == 401
        assert second.get("/api/organisers/volunteers").status_code == 401
        old = second.post("/api/login", json={"username": ORGANISER, "password": PASSWORD})
        assert old.status_code == 401
        new = second.post(
            "/api/login", json={"username": ORGANISER, "password": "another long password"}
        )
        assert new.status_code == 200


def test_login_audit_and_access_log(
    app: FastAPI, organiser: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO), TestClient(app) as client:
        client.post("/api/login", json={"username": ORGANISER, "password": "wrong password!"})
        api_login(client)
        client.get("/api/nearest?postcode=NW6+1")
    with app.state.db.session() as session:
        audit = [(row.username, row.success) for row in login_audit(session)]
    assert audit == [(ORGANISER, True), (ORGANISER, False)]
    access = [r.getMessage() for r in caplog.records if r.name == "psephos.web.access"]
    assert any('"GET /api/nearest" 200' in line for line in access)
    assert not any("NW6" in line for line in access)  # no query strings
    logins = [r.getMessage() for r in caplog.records if r.name == "psephos.web.audit"]
    assert any("login failed" in line for line in logins)
    assert all("wrong password" not in line for line in logins)


def test_volunteers_merged_exported_and_erased(client: TestClient, organiser: str) -> None:
    first = client.post("/api/volunteers", json=VOLUNTEER).json()
    again = client.post(
        "/api/volunteers", json={**VOLUNTEER, "email": "vera@example.org", "hours_per_week": 6}
    ).json()
    other = client.post("/api/volunteers", json={**VOLUNTEER, "campaign": "by-election"}).json()
    assert first["status"] == "saved" and again == {**first, "status": "updated"}
    assert other["status"] == "saved" and other["id"] != first["id"]
    token = api_login(client)
    rows = client.get("/api/organisers/volunteers").json()["volunteers"]
    assert len(rows) == 2
    mine = client.get("/api/organisers/volunteers", params={"campaign": "default"}).json()
    assert [row["hours_per_week"] for row in mine["volunteers"]] == [6]
    export = client.get(f"/api/organisers/volunteers/{first['id']}/export")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    assert export.json()["volunteer"]["email"] == "vera@example.org"
    erased = client.delete(
        f"/api/organisers/volunteers/{first['id']}", headers={"X-CSRF-Token": token}
    )
    assert erased.json() == {"status": "erased", "id": first["id"]}
    assert client.get(f"/api/organisers/volunteers/{first['id']}/export").status_code == 404
    assert (
        client.delete(
            f"/api/organisers/volunteers/{first['id']}", headers={"X-CSRF-Token": token}
        ).status_code
        == 404
    )
    csrf = page_token(client, "/organisers")
    page = client.get("/organisers").text
    assert 'aria-label="Erase Vera Example\'s data"' in page  # which row's button, said
    assert 'aria-label="Export Vera Example\'s data"' in page
    url = f"/organisers/volunteers/{other['id']}/erase"
    unticked = client.post(url, data={"csrf_token": csrf})  # "for good" not ticked: kept
    assert unticked.status_code == 422 and 'id="organisers-error"' in unticked.text
    assert len(client.get("/api/organisers/volunteers").json()["volunteers"]) == 1
    form = client.post(url, data={"csrf_token": csrf, "confirm": "true"})
    assert form.status_code == 200
    assert client.get("/api/organisers/volunteers").json()["volunteers"] == []
    anonymous = TestClient(client.app)
    assert anonymous.get(f"/api/organisers/volunteers/{other['id']}/export").status_code == 401


def client_get_raw(app: FastAPI, url: str) -> Any:
    with TestClient(app) as client:
        return client.get(url)


def test_heavy_endpoints_answer_503_when_full(app: FastAPI) -> None:
    with TestClient(app) as client:
        limiter: HeavyLimiter = app.state.heavy
        with limiter.slot("testclient"):
            busy = client.get("/api/swingometer", params={"Lab": 30})
            assert busy.status_code == 503 and busy.headers["retry-after"] == "2"
            assert client.get("/api/seats/E14001186").status_code == 200  # cheap: unaffected
        assert client.get("/api/swingometer", params={"Lab": 30}).status_code == 200
    # The path is now known as heavy: the gate refuses it before routing (no query parsing,
    # so even a malformed query gets the cheap 503 while the client's slot is taken).
    assert "/api/swingometer" in limiter.paths
    with limiter.slot("testclient"):
        refused = client_get_raw(app, "/api/swingometer?Lab=not-a-number")
        assert refused.status_code == 503 and refused.headers["retry-after"] == "2"
        assert "content-security-policy" in refused.headers
        # A page gets an HTML page saying so (a JSON body is for /api): from the route the
        # first time, from the gate once the path is known as heavy.
        routed = client_get_raw(app, "/swingometer?Lab=30")
        assert routed.status_code == 503 and routed.headers["retry-after"] == "2"
        assert routed.headers["content-type"].startswith("text/html")
        assert "/swingometer" in limiter.paths
        page = client_get_raw(app, "/swingometer?Lab=30")
        assert page.status_code == 503 and page.headers["retry-after"] == "2"
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>Busy</h1>" in page.text and "try again in a moment" in page.text
        assert 'href="/swingometer?Lab=30"' in page.text
    limiter = HeavyLimiter(total=3, per_client=2)
    with (
        limiter.slot("a"),
        limiter.slot("b"),
        limiter.slot("c"),
        pytest.raises(Exception, match="server has"),
        limiter.slot("d"),
    ):
        pass


@pytest.mark.slow  # about 30 s: two uvicorn workers and ten Argon2 checks
def test_limits_hold_with_two_workers(sqlite_url: str) -> None:
    # 25 requests per 250-second window per client, counted in the database.
    server = Server(sqlite_url, workers=2, PSEPHOS_RATE_LIMIT="0.1", PSEPHOS_RATE_BURST="25")
    server.start()
    add_organiser(sqlite_url)
    try:
        fresh = httpx.Limits(max_keepalive_connections=0)  # new connections: both workers
        with httpx.Client(base_url=server.base_url, limits=fresh) as client:
            started = time.time()
            logins = [
                client.post(
                    "/api/login", json={"username": ORGANISER, "password": "wrong password!"}
                ).status_code
                for _ in range(15)
            ]
            statuses = [client.get("/api/elections").status_code for _ in range(40)]
            same_window = int(started // 250) == int(time.time() // 250)
    finally:
        server.stop()
    # Ten login attempts a minute, whichever worker answers.
    assert logins == [401] * 10 + [429] * 5
    allowed = statuses.count(200)
    assert statuses.count(429) == 40 - allowed
    # 25 in the window, 15 of them spent on logins; two private buckets would allow 35 more.
    assert allowed == 10 if same_window else allowed <= 35, statuses
