"""Login, sessions, CSRF, organiser-only data, escaping (XSS), rate limiting, headers."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from web_helpers import (
    ORGANISER,
    PASSWORD,
    add_organiser,
    api_login,
    form_token,
    make_settings,
    open_night,
    page_token,
)

from psephos.web import create_app
from psephos.web.security import TokenBucket, hash_password, verify_password

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
VOLUNTEER = {
    "name": XSS,
    "email": "eve@example.org",
    "target_seat": "E14001137",
    "hours_per_week": 2,
    "note": XSS,
    "consent": True,
}


def test_passwords_are_argon2_hashed() -> None:
    hashed = hash_password("a long enough password")
    assert hashed.startswith("$argon2id$")
    # at RFC 9106's cost (argon2-cffi's default), not the cheapest the organiser fixture uses
    assert "$m=65536,t=3,p=4$" in hashed
    assert verify_password(hashed, "a long enough password")
    assert not verify_password(hashed, "a wrong password!!")
    assert not verify_password(None, "anything")
    assert not verify_password("not a hash", "anything")


@pytest.mark.storage
def test_volunteer_data_only_for_organisers(client: TestClient, organiser: str) -> None:
    assert client.post("/api/volunteers", json=VOLUNTEER).status_code == 201
    assert client.get("/api/organisers/volunteers").status_code == 401
    page = client.get("/organisers", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert "eve@example.org" not in client.get("/nearest", params={"seat": "Croydon East"}).text
    api_login(client)
    volunteers = client.get("/api/organisers/volunteers").json()["volunteers"]
    assert [v["email"] for v in volunteers] == ["eve@example.org"]


@pytest.mark.storage
def test_candidate_and_user_text_is_escaped(client: TestClient, organiser: str) -> None:
    client.post("/api/volunteers", json=VOLUNTEER)
    scenario = client.post(
        "/api/scenarios",
        json={
            "kind": "poll",
            "title": XSS,
            "payload": {"election": "2024", "shares_pct": {"Lab": 30}, "note": XSS},
        },
    ).json()
    api_login(client)
    for path in ("/organisers", scenario["url"]):
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html or "\\u003cscript" in html
    # Search text reflected into an error page is escaped too.
    html = client.get("/seats", params={"q": XSS}).text
    assert "<script>alert" not in html and "&lt;script&gt;" in html


@pytest.mark.storage
def test_login_form_flow_and_logout(client: TestClient, organiser: str) -> None:
    page = client.get("/login?next=/organisers")
    token = form_token(page.text)
    wrong = client.post(
        "/login",
        data={
            "csrf_token": token,
            "username": ORGANISER,
            "password": "nope",
            "next": "/organisers",
        },
    )
    assert wrong.status_code == 401 and "Wrong username or password" in wrong.text
    # The username typed stays in its box, marked with the refusal; the password does not.
    assert f'name="username" value="{ORGANISER}"' in wrong.text
    assert 'aria-describedby="login-error"' in wrong.text and "nope" not in wrong.text
    right = client.post(
        "/login",
        data={
            "csrf_token": token,
            "username": ORGANISER,
            "password": PASSWORD,
            "next": "/organisers",
        },
        follow_redirects=False,
    )
    assert right.status_code == 303 and right.headers["location"] == "/organisers"
    dashboard = client.get("/organisers")
    assert dashboard.status_code == 200 and f"Organiser: {ORGANISER}" in dashboard.text
    new_token = form_token(dashboard.text)
    assert new_token != token  # a fresh session (and token) after login
    client.post("/logout", data={"csrf_token": new_token})
    assert client.get("/api/organisers/volunteers").status_code == 401


@pytest.mark.storage
def test_login_never_redirects_off_site(client: TestClient, organiser: str) -> None:
    token = page_token(client, "/login")
    response = client.post(
        "/login",
        data={
            "csrf_token": token,
            "username": ORGANISER,
            "password": PASSWORD,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/organisers"


@pytest.mark.storage
def test_forms_without_csrf_token_are_refused(client: TestClient, organiser: str) -> None:
    client.get("/login")
    form = {"username": ORGANISER, "password": PASSWORD, "next": "/organisers"}
    assert client.post("/login", data=form).status_code == 403
    assert client.post("/login", data={**form, "csrf_token": "forged" * 5}).status_code == 403
    volunteer = {**VOLUNTEER, "name": "Bob", "note": "", "consent": "true", "csrf_token": "x"}
    assert client.post("/volunteers", data=volunteer).status_code == 403


@pytest.mark.storage
def test_json_posts_with_session_need_csrf_header(client: TestClient, organiser: str) -> None:
    token = api_login(client)
    night = {"id": "next", "name": "Next"}
    assert client.post("/api/results-elections", json=night).status_code == 403
    open_night(client, token)
    declaration = {"election": "next", "seat": "E14001186", "votes": {"Lab": 100}}
    assert client.post("/api/declarations", json=declaration).status_code == 403
    wrong = client.post("/api/declarations", json=declaration, headers={"X-CSRF-Token": "no"})
    assert wrong.status_code == 403
    ok = client.post("/api/declarations", json=declaration, headers={"X-CSRF-Token": token})
    assert ok.status_code == 200


def test_declarations_need_login(client: TestClient) -> None:
    declaration = {"election": "next", "seat": "E14001186", "votes": {"Lab": 100}}
    assert client.post("/api/declarations", json=declaration).status_code == 401
    night = {"id": "next", "name": "Next"}
    assert client.post("/api/results-elections", json=night).status_code == 401
    assert client.get("/organisers/declare", follow_redirects=False).status_code == 303


@pytest.mark.storage
def test_json_login_rejects_bad_credentials(client: TestClient, organiser: str) -> None:
    bad = client.post("/api/login", json={"username": ORGANISER, "password": "wrong"})
    assert bad.status_code == 401
    unknown = client.post("/api/login", json={"username": "nobody", "password": "wrong"})
    assert unknown.status_code == 401
    assert client.post("/api/login", json={"username": ORGANISER}).status_code == 422


@pytest.mark.storage
def test_sql_metacharacters_are_just_text(client: TestClient) -> None:
    attempt = "x' OR '1'='1'; DROP TABLE volunteers; --"
    assert client.get("/seats", params={"q": attempt}).status_code == 404
    assert client.get("/api/nearest", params={"seat": attempt}).status_code == 404
    assert client.post("/api/volunteers", json={**VOLUNTEER, "name": attempt}).status_code == 201


def test_public_endpoints_are_rate_limited(sqlite_url: str) -> None:
    app = create_app(make_settings(sqlite_url, rate_limit_per_second=1.0, rate_limit_burst=5.0))
    with TestClient(app) as client:
        statuses = [client.get("/api/elections").status_code for _ in range(8)]
        assert statuses[:5] == [200] * 5
        assert 429 in statuses[5:]
        limited = client.get("/api/elections")
        assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
        assert client.get("/static/style.css").status_code == 200  # static files exempt
    app.state.db.dispose()


def test_organisers_are_not_rate_limited(sqlite_url: str) -> None:
    app = create_app(make_settings(sqlite_url, rate_limit_per_second=1.0, rate_limit_burst=3.0))
    add_organiser(sqlite_url)
    with TestClient(app) as client:
        api_login(client)
        assert {client.get("/api/elections").status_code for _ in range(10)} == {200}
    app.state.db.dispose()


def test_login_attempts_are_throttled(sqlite_url: str) -> None:
    app = create_app(
        make_settings(sqlite_url, rate_limit_per_second=100.0, login_attempts_per_minute=3.0)
    )
    add_organiser(sqlite_url)
    with TestClient(app) as client:
        statuses = [
            client.post("/api/login", json={"username": ORGANISER, "password": "guess"}).status_code
            for _ in range(5)
        ]
    assert statuses[:3] == [401, 401, 401] and statuses[3:] == [429, 429]
    app.state.db.dispose()


def test_security_headers(client: TestClient) -> None:
    response = client.get("/elections/2024")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in response.headers  # plain pages start no session
    cookie = client.get("/login").headers["set-cookie"].lower()  # forms do (CSRF token)
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_request_bodies_are_capped(client: TestClient) -> None:
    response = client.post(
        "/api/scenarios",
        content=b'{"kind": "poll", "title": "t", "payload": {"x": "' + b"a" * 1_100_000 + b'"}}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith(  # JSON, as every /api answer
        "The upload is 1.05 MB, over this page's limit of 1 MB: "
    )
    page = client.post("/systems", files={"results_file": ("r.csv", b"x" * 1_100_000)})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "over this page&#39;s limit of 1 MB" in page.text


@settings(max_examples=60)
@given(
    rate=st.floats(0.5, 50),
    burst=st.integers(1, 20),
    gaps=st.lists(st.floats(0, 2), min_size=1, max_size=60),
)
def test_token_bucket_never_exceeds_its_budget(rate: float, burst: int, gaps: list[float]) -> None:
    bucket = TokenBucket(rate, burst)
    now = 0.0
    allowed = 0
    for gap in gaps:
        now += gap
        allowed += bucket.allow("client", now=now)[0]
    # Over any run: at most the initial burst plus what refilled in the elapsed time.
    assert allowed <= burst + rate * now + 1e-9
    assert bucket.allow("someone else", now=now)[0]  # buckets are per client


def test_token_bucket_forgets_idle_clients() -> None:
    bucket = TokenBucket(10.0, 5.0, max_keys=100)
    for client in range(500):
        bucket.allow(client, now=float(client))
    assert len(bucket._buckets) <= 101


@pytest.mark.storage
def test_api_logout_needs_csrf_and_ends_session(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    assert client.post("/api/logout").status_code == 403
    assert client.post("/api/logout", headers={"X-CSRF-Token": token}).json() == {
        "status": "logged out"
    }
    assert client.get("/api/organisers/volunteers").status_code == 401
    assert client.post("/api/logout", headers={"X-CSRF-Token": token}).status_code == 401


def test_login_redirect_encodes_any_path(client: TestClient) -> None:
    """A page path with non-Latin-1 characters still redirects to the login (no 500)."""
    response = client.post("/organisers/volunteers/%C4%80/erase", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/organisers/volunteers/%C4%80/erase"
