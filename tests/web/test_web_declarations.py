"""Results night: declarations are stored before the answer, idempotent by (election, seat),
and a different result for a declared seat is a correction."""

from __future__ import annotations

import html
import io
import itertools
import json
import re
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_helpers import XLSX, open_night, page_token, post_replay

import psephos
from psephos.io.rows import decode_text
from psephos.web.schemas import ELECTION_ID_FORM_PATTERN, DeclarationIn
from psephos.web.storage import Database, upgrade
from psephos.web.store import declaration_revisions, list_declarations, record_declaration

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

CROYDON_EAST = "E14001186"
BROMLEY = "E14001137"


def _post(
    client: TestClient, token: str, seat: str, votes: dict[str, int], election: str = "next"
) -> dict:
    response = client.post(
        "/api/declarations",
        json={"election": election, "seat": seat, "votes": votes},
        headers={"X-CSRF-Token": token},
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_repeat_is_unchanged_and_difference_is_correction(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token)
    open_night(client, token, "replay-2024")
    first = _post(client, token, CROYDON_EAST, {"Lab": 20000, "Con": 9000, "Reform": 5000})
    assert first["status"] == "created" and first["revision"] == 1
    again = _post(client, token, CROYDON_EAST, {"Labour": 20000, "Con": 9000, "RUK": 5000, "LD": 0})
    assert again["status"] == "unchanged" and again["revision"] == 1
    fixed = _post(client, token, CROYDON_EAST, {"Lab": 20001, "Con": 9000, "Reform": 5000})
    assert fixed["status"] == "corrected" and fixed["revision"] == 2
    body = client.get("/api/declarations", params={"election": "next"}).json()
    assert len(body["declarations"]) == 1
    assert body["declarations"][0]["votes"] == {"Con": 9000, "Lab": 20001, "Reform": 5000}
    assert [r["revision"] for r in body["revisions"]] == [1, 2]
    # Another election keeps its own declarations.
    assert _post(client, token, CROYDON_EAST, {"Lab": 1}, election="replay-2024")["status"] == (
        "created"
    )


def test_a_one_row_correction_of_a_stored_seat_is_refused(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A recount sent as the one changed row would replace the stored seat and hand it to that
    candidate: refused (422) as ``psephos nowcast feed`` refuses it, the stored result kept;
    the whole seat again is a correction."""
    client, token = organiser_client
    open_night(client, token)
    _post(client, token, CROYDON_EAST, {"Lab": 20000, "Con": 9000, "Reform": 5000})
    partial = client.post(
        "/api/declarations",
        json={"election": "next", "seat": CROYDON_EAST, "votes": {"Con": 21000}},
        headers={"X-CSRF-Token": token},
    )
    assert partial.status_code == 422, partial.text
    detail = partial.json()["detail"]
    assert detail.startswith("Croydon East (E14001186) is declared again without Lab and Reform")
    body = client.get("/api/declarations", params={"election": "next"}).json()
    assert body["declarations"][0]["votes"] == {"Con": 9000, "Lab": 20000, "Reform": 5000}
    whole = _post(client, token, CROYDON_EAST, {"Lab": 20000, "Con": 21000, "Reform": 5000})
    assert whole["status"] == "corrected"


def test_results_night_totals(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token)
    _post(client, token, CROYDON_EAST, {"Lab": 20000, "Con": 9000})
    _post(client, token, BROMLEY, {"Lab": 21000, "Con": 20000})  # Con held it in 2024
    night = client.get("/api/results-night").json()
    assert night["n_declared"] == 2
    lab = next(row for row in night["parties"] if row["party"] == "Lab")
    assert lab["seats"] == 2 and lab["seat_change"] == 1
    latest = night["declarations"][0]
    assert latest["code"] == BROMLEY and latest["outcome"] == "gain from Con"
    assert latest["majority"] == 1000 and latest["gain"] and latest["region"] == "London"
    assert night["projection"]["status"] == "too-early" and night["projection"]["parties"] == []
    page = client.get("/results-night").text
    assert '<span id="declared-count">2</span> of 650 seats declared' in page
    assert "Bromley and Biggin Hill" in page and "Too early to say" in page
    assert f"/results-night/seats/{BROMLEY}?election=next" in page
    gains = client.get("/api/results-night", params={"gains": "true"}).json()
    assert [row["code"] for row in gains["declarations"]] == [BROMLEY]
    con = client.get("/api/results-night", params={"party": "Con"}).json()
    assert [row["code"] for row in con["declarations"]] == [BROMLEY]  # won or held before
    lab = client.get("/api/results-night", params={"party": "Lab"}).json()
    assert {row["code"] for row in lab["declarations"]} == {BROMLEY, CROYDON_EAST}
    elsewhere = client.get("/api/results-night", params={"region": "Wales"}).json()
    assert elsewhere["declarations"] == [] and elsewhere["n_declared"] == 2
    filtered = client.get("/results-night", params={"gains": "true", "region": "London"}).text
    assert "Bromley and Biggin Hill" in filtered
    assert "Croydon East</a>" not in filtered
    # Regions in any case, parties by name; unknown values are refused with the known ones.
    london = client.get("/api/results-night", params={"region": "london"}).json()
    assert {row["code"] for row in london["declarations"]} == {BROMLEY, CROYDON_EAST}
    labour = client.get("/api/results-night", params={"party": "Labour"}).json()
    assert {row["code"] for row in labour["declarations"]} == {BROMLEY, CROYDON_EAST}
    narnia = client.get("/api/results-night", params={"region": "Narnia"})
    assert narnia.status_code == 422
    assert "'Narnia' is not a region of this night; regions: " in narnia.json()["detail"]
    assert "London" in narnia.json()["detail"]
    foo = client.get("/api/results-night", params={"party": "Foo"})
    assert foo.status_code == 422 and "parties: Con, Lab" in foo.json()["detail"]
    reform = client.get("/api/results-night", params={"party": "Reform UK"})
    assert reform.status_code == 200 and reform.json()["declarations"] == []
    assert client.get("/results-night", params={"region": "Narnia"}).status_code == 422


def _declare_form_election(page: str) -> str | None:
    """The night the declaration form would post to, or ``None`` where it offers no form."""
    if 'id="declare-form"' not in page:
        return None
    form = page.split('id="declare-form"')[1]
    return form.split('name="election" value="')[1].split('"')[0]


def test_the_declaration_page_offers_no_night_until_one_is_open(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    page = client.get("/organisers/declare").text
    assert _declare_form_election(page) is None  # not the site's "next", which is not open
    assert 'id="replay-form"' not in page and 'name="votes_text"' not in page
    assert 'id="no-night-open"' in page and 'href="#open-election-form"' in page
    assert 'id="open-election-form"' in page and 'name="id" value="next"' in page
    open_night(client, token, "replay-2024")  # open, but not the night the site shows
    page = client.get("/organisers/declare").text
    assert _declare_form_election(page) == "replay-2024" and 'id="no-night-open"' not in page
    open_night(client, token)  # the site's own night, once open, comes first
    assert _declare_form_election(client.get("/organisers/declare").text) == "next"


def test_the_election_boxes_patterns_are_valid_in_a_browser(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A browser compiles a box's ``pattern`` with the ``v`` flag, where a bare ``-`` ending a
    class is a syntax error: chromium ignored the election boxes' check and logged an error."""
    client, token = organiser_client
    open_night(client, token)
    page = client.get("/organisers/declare").text
    patterns = re.findall(r'pattern="([^"]*)"', page)
    assert len(patterns) == 3  # the night to open, the declaration's and the replay's
    for pattern in patterns:
        assert html.unescape(pattern) == ELECTION_ID_FORM_PATTERN
        assert not re.search(r"(?<!\\)-\]", html.unescape(pattern)), pattern
        assert re.fullmatch(html.unescape(pattern), "ge-2029") is not None


def test_declaration_form(organiser_client: tuple[TestClient, str]) -> None:
    client, _token = organiser_client
    token = page_token(client, "/organisers/declare")
    opened = client.post(
        "/organisers/elections",
        data={"csrf_token": token, "id": "next", "name": "Next general election", "base": ""},
    )
    assert opened.status_code == 200 and "Next general election" in opened.text
    token = page_token(client, "/organisers/declare")
    form = {
        "csrf_token": token,
        "election": "next",
        "seat": CROYDON_EAST,
        "votes_text": "Lab: 100\nCon: 50\n",
    }
    response = client.post("/organisers/declare", data=form)
    assert response.status_code == 200 and "Declaration created" in response.text
    response = client.post("/organisers/declare", data=form)
    assert "Declaration unchanged" in response.text
    bad = client.post("/organisers/declare", data={**form, "votes_text": "Lab hundred"})
    assert bad.status_code == 422
    people = {
        **form,
        "seat": BROMLEY,
        "votes_text": "Ann Smith | Independent | 300\nBob Jones | Independent | 290\n"
        "Cat Brown | Labour Party | 400\nDee Green | Workers Party | Other | 10\n",
    }
    assert "Declaration created" in client.post("/organisers/declare", data=people).text
    seat = client.get(f"/api/results-night/seats/{BROMLEY}").json()
    assert [c["name"] for c in seat["candidates"]] == [
        "Cat Brown",
        "Ann Smith",
        "Bob Jones",
        "Dee Green",
    ]
    assert seat["winner"] == "Lab" and seat["majority"] == 100  # not Ind 590
    unknown = client.post(
        "/organisers/declare", data={**people, "votes_text": "Dee Green | Workers Party | 10"}
    )
    assert unknown.status_code == 422 and "give it as a candidate with code" in unknown.text
    # the descriptions ballot papers print, read by the one party vocabulary
    ballot = {
        **form,
        "seat": CROYDON_EAST,
        "votes_text": "Ann Smith | Labour and Co-operative Party | 300\n"
        "Bob Jones | The Conservative Party Candidate | 200\n"
        "Cat Brown | Scottish Green Party | 100\n",
    }
    created = client.post("/organisers/declare", data=ballot)
    assert created.status_code == 200, created.text
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    assert [c["party"] for c in seat["candidates"]] == ["Lab", "Con", "Green"]


def test_declaration_form_takes_rows_pasted_from_a_spreadsheet(
    organiser_client: tuple[TestClient, str],
) -> None:
    """Rows copied from a spreadsheet's Name, Party and Votes columns paste with tabs between
    the cells; the form refused them as "not 'Party: votes'"."""
    client, token = organiser_client
    open_night(client, token)
    pasted = "Jane Smith\tLabour Party\t15,855\r\nJohn Brown\tConservative\t15,840\r\n"
    form = {
        "csrf_token": page_token(client, "/organisers/declare"),
        "election": "next",
        "seat": CROYDON_EAST,
        "votes_text": pasted,
    }
    response = client.post("/organisers/declare", data=form)
    assert response.status_code == 200 and "Declaration created" in response.text
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    assert [(c["name"], c["party"], c["votes"]) for c in seat["candidates"]] == [
        ("Jane Smith", "Lab", 15855),
        ("John Brown", "Con", 15840),
    ]


def test_declaration_form_takes_thousands_and_keeps_what_was_typed(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _token = organiser_client
    open_night(client, _token)
    token = page_token(client, "/organisers/declare")
    typed = "Jane | Labour Party | 5,000\nJohn | Conservative | 4,999\n"
    form = {"csrf_token": token, "election": "next", "seat": CROYDON_EAST, "votes_text": typed}
    response = client.post("/organisers/declare", data=form)
    assert response.status_code == 200 and "Declaration created" in response.text
    seat = client.get(f"/api/results-night/seats/{CROYDON_EAST}").json()
    assert [c["votes"] for c in seat["candidates"]] == [5000, 4999]
    # Every refusal shows the form again as typed, with the reason.
    for changes, status, reason in [
        ({"votes_text": "Jane | Labour Party | 5,00"}, 422, "is not &#39;Name | Party | votes"),
        ({"votes_text": "Jane | Whigs | 5"}, 422, "give it as a candidate with code"),
        ({"seat": "E1400118"}, 422, "No constituency &#39;E1400118&#39; in election"),
        ({"seat": "E14000768"}, 422, "is not a seat on the 2024 boundaries"),
        ({"election": "nope"}, 404, "No results night"),
    ]:
        page = client.post("/organisers/declare", data={**form, **changes})
        assert page.status_code == status, changes
        assert 'id="declare-error"' in page.text and reason in page.text, changes
        shown = {**form, **changes}
        assert (
            f'value="{shown["seat"]}"' in page.text and f'value="{shown["election"]}"' in page.text
        )
        assert html.escape(shown["votes_text"], quote=False) + "</textarea>" in page.text


def test_invalid_declarations_are_refused(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token)
    headers = {"X-CSRF-Token": token}
    cases = [
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Nonsense Party": 5}},
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": -5}},
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 10_000_000}},
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 0}},
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 5, "Labour": 6}},
        {"election": "next", "seat": CROYDON_EAST, "votes": {}},
        {"election": "next", "seat": "not-a-seat", "votes": {"Lab": 5}},
        {"election": "bad election!", "seat": CROYDON_EAST, "votes": {"Lab": 5}},
        {"election": "next", "seat": "E14000768", "votes": {"Lab": 5}},  # 2010 boundaries
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 5}, "extra": 1},
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": True}},
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 5.5}},
        {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": "5 votes"}},
        {"election": "next", "seat": CROYDON_EAST, "candidates": [{"party": "Lab", "votes": 1.5}]},
        {
            "election": "next",
            "seat": CROYDON_EAST,
            "candidates": [{"party": "Lab", "votes": False}],
        },
        {"election": "next", "seat": CROYDON_EAST, "candidates": []},
        {"election": "next", "seat": CROYDON_EAST},
        {
            "election": "next",
            "seat": CROYDON_EAST,
            "votes": {"Lab": 5},
            "candidates": [{"party": "Lab", "votes": 5}],
        },
    ]
    for case in cases:
        response = client.post("/api/declarations", json=case, headers=headers)
        assert response.status_code == 422, case
    boolean = client.post("/api/declarations", json=cases[10], headers=headers).json()
    assert boolean["detail"][0]["message"] == "not a whole number (True)"  # as the feed says it
    twice = client.post("/api/declarations", json=cases[4], headers=headers).json()
    assert "party 'Lab' is given twice ('Lab' and 'Labour')" in str(twice["detail"])  # as the feed
    duplicate = client.post(
        "/api/declarations",
        content=b'{"election": "next", "seat": "E14001186", "votes": {"Lab": 5, "Lab": 500}}',
        headers={**headers, "content-type": "application/json"},
    )
    assert duplicate.status_code == 422
    assert duplicate.json()["detail"] == "Duplicate key 'Lab' in the JSON body."
    nan = client.post(
        "/api/declarations",
        content=b'{"election": "next", "seat": "E14001186", "votes": {"Lab": NaN}}',
        headers={**headers, "content-type": "application/json"},
    )
    assert nan.status_code == 422 and "NaN" in nan.json()["detail"]
    unknown = client.post(
        "/api/declarations",
        json={"election": "2099", "seat": CROYDON_EAST, "votes": {"Lab": 1}},
        headers=headers,
    )
    assert unknown.status_code == 404
    assert "No results night '2099'" in unknown.json()["detail"]
    assert "open it first" in unknown.json()["detail"]
    assert client.get("/api/results-night", params={"election": "2099"}).status_code == 404
    assert client.get("/api/declarations").json()["declarations"] == []
    # a count is read as psephos nowcast feed reads one: 5.0, "5" and "5,000" are counts
    for votes, read in [(5.0, 5), ("5", 5), ("5,000", 5000)]:
        body = {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": votes, "Con": 1}}
        posted = client.post("/api/declarations", json=body, headers=headers)
        assert posted.status_code == 200 and posted.json()["votes"]["Lab"] == read, posted.text


@pytest.mark.parametrize(
    "counts",
    [{"votes": {}}, {"candidates": []}, {"votes": {"Lab": 0, "Con": 0}}],
    ids=["no parties", "no candidates", "all at 0"],
)
def test_a_declaration_without_a_vote_is_refused_in_the_command_s_words(
    organiser_client: tuple[TestClient, str], tmp_path: Path, counts: dict[str, object]
) -> None:
    """No parties, no candidates and every count at 0 are one mistake, refused with the
    words `psephos nowcast feed` gives the same JSON line (psephos.io.declarations.NO_VOTES)."""
    from typer.testing import CliRunner

    from psephos.cli import app as cli
    from psephos.io.declarations import NO_VOTES

    client, token = organiser_client
    open_night(client, token)
    body = {"election": "next", "seat": CROYDON_EAST, **counts}
    response = client.post("/api/declarations", json=body, headers={"X-CSRF-Token": token})
    assert response.status_code == 422
    assert [problem["message"] for problem in response.json()["detail"]] == [NO_VOTES]
    line = json.dumps({"seat": CROYDON_EAST, **counts}) + "\n"
    store = str(tmp_path / "night.sqlite")
    fed = CliRunner().invoke(cli, ["nowcast", "feed", "-", "--store", store], input=line)
    assert fed.exit_code != 0
    assert fed.stderr.strip() == f"error: declaration line 1: {NO_VOTES}"


def test_more_votes_than_electors_is_refused(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token)
    headers = {"X-CSRF-Token": token}
    declared = {"election": "next", "seat": CROYDON_EAST, "votes": {"Lab": 50_000}}
    tiny = client.post("/api/declarations", json={**declared, "electorate": 10}, headers=headers)
    assert tiny.status_code == 422
    assert tiny.json()["detail"] == (
        "Croydon East (E14001186): 50,000 valid votes is more than the electorate (10); check "
        "the counts and the electorate."
    )
    # No electorate declared: the seat's at the base election (2024: 76,595).
    huge = {**declared, "votes": {"Lab": 900_000}}
    assert client.post("/api/declarations", json=huge, headers=headers).status_code == 422
    assert client.get("/api/declarations").json()["declarations"] == []
    fine = {**declared, "electorate": 76_000}
    assert client.post("/api/declarations", json=fine, headers=headers).status_code == 200


def test_concurrent_posts_of_one_seat_store_one_row(
    app: FastAPI,
    organiser_client: tuple[TestClient, str],
) -> None:
    client, token = organiser_client
    open_night(client, token)
    votes = {"Lab": 100, "Con": 90}

    def post(_: int) -> str:
        return _post(client, token, CROYDON_EAST, votes)["status"]

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(post, range(12)))
    assert statuses.count("created") == 1
    assert statuses.count("unchanged") == 11
    body = client.get("/api/declarations").json()
    assert len(body["declarations"]) == 1 and len(body["revisions"]) == 1


seat_codes = st.sampled_from(psephos.load("2024").codes[:40])
vote_maps = st.dictionaries(
    st.sampled_from(["Lab", "Con", "LD", "Reform", "Green"]),
    st.integers(1, 60_000),
    min_size=1,
    max_size=5,
).filter(  # a tie for first place needs who won the lot (test_web_declaration_ties)
    lambda votes: list(votes.values()).count(max(votes.values())) == 1
)


@settings(
    max_examples=40,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(posts=st.lists(st.tuples(seat_codes, vote_maps), min_size=1, max_size=12))
def test_store_holds_the_last_distinct_result_per_seat(
    migrated_sqlite: Database, posts: list[tuple[str, dict[str, int]]]
) -> None:
    election = f"h{next(_COUNTER)}"
    expected: dict[str, dict[str, int]] = {}
    revisions: dict[str, int] = {}
    for seat, votes in posts:
        with migrated_sqlite.session(write=True) as session:
            outcome = record_declaration(
                session, DeclarationIn(election=election, seat=seat, votes=votes), None
            )
        if seat not in expected:
            revisions[seat] = 1
            assert outcome.status == "created"
        elif expected[seat] != votes:
            revisions[seat] += 1
            assert outcome.status == "corrected"
        else:
            assert outcome.status == "unchanged"
        expected[seat] = votes
        assert outcome.revision == revisions[seat]
    with migrated_sqlite.session() as session:
        stored = {
            row.seat_code: (row.votes, row.revision) for row in list_declarations(session, election)
        }
        n_revisions = len(declaration_revisions(session, election))
    assert stored == {
        seat: (dict(sorted(v.items())), revisions[seat]) for seat, v in expected.items()
    }
    assert n_revisions == sum(revisions.values())


_COUNTER = itertools.count()


@pytest.fixture
def migrated_sqlite(sqlite_url: str) -> Iterator[Database]:
    database = Database(sqlite_url)
    upgrade(database.engine)
    yield database
    database.dispose()


def test_batch_api_records_in_order(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token, "night")
    open_night(client, token, "other")
    batch = {
        "declarations": [
            {"election": "night", "seat": CROYDON_EAST, "votes": {"Lab": 10, "Con": 5}},
            {"election": "night", "seat": BROMLEY, "votes": {"Con": 10, "Lab": 5}},
            {"election": "night", "seat": CROYDON_EAST, "votes": {"Lab": 10, "Con": 5}},
            {"election": "night", "seat": BROMLEY, "votes": {"Con": 10, "Lab": 6}},
        ]
    }
    response = client.post("/api/declarations/batch", json=batch, headers={"X-CSRF-Token": token})
    assert response.status_code == 200
    assert [r["status"] for r in response.json()["results"]] == [
        "created",
        "created",
        "unchanged",
        "corrected",
    ]
    assert response.json()["counts"] == {"created": 2, "unchanged": 1, "corrected": 1}
    # A bad row refuses the whole batch: nothing of it is stored.
    bad = {
        "declarations": [
            {"election": "other", "seat": CROYDON_EAST, "votes": {"Lab": 1}},
            {"election": "other", "seat": "E14000768", "votes": {"Lab": 1}},
        ]
    }
    refused = client.post("/api/declarations/batch", json=bad, headers={"X-CSRF-Token": token})
    assert refused.status_code == 422
    assert (
        client.get("/api/declarations", params={"election": "other"}).json()["declarations"] == []
    )


SUNDERLAND_CENTRAL = "E14001531"


def _batch(client: TestClient, token: str, *rows: dict) -> TestClient:
    """Posts ``rows`` to the batch API, each for the night "next" where it names none."""
    declarations = [{"election": "next", **row} for row in rows]
    return client.post(
        "/api/declarations/batch",
        json={"declarations": declarations},
        headers={"X-CSRF-Token": token},
    )


#: A batch's second row refused once its night is known (its labels read among the night's
#: parties, its declaration's rules), by what it gives, and the field then named.
ROW_REFUSALS = {
    "misspelt party": ({"votes": {"Labor": 20_000, "Con": 9_000}}, "votes", "Votes"),
    "misspelt candidate's party": (
        {"candidates": [{"party": "Labor", "votes": 20_000}, {"party": "Con", "votes": 9}]},
        "party",
        "Party",
    ),
    "tie without its lot": ({"votes": {"Lab": 20_000, "Con": 20_000}}, "won_by_lot", "Won by lot"),
}


@pytest.mark.parametrize("case", sorted(ROW_REFUSALS))
def test_a_batch_s_refused_row_is_named_by_its_seat_and_field(
    organiser_client: tuple[TestClient, str], case: str
) -> None:
    """A batch's row refused for its labels or its rules was "declarations.1", labelled
    "declarations.1", the field inside the message: it is named by its seat as the night reads
    it and by its field, as a single declaration's refusal names the field."""
    client, token = organiser_client
    open_night(client, token)
    given, field, label = ROW_REFUSALS[case]
    first = {"seat": CROYDON_EAST, "votes": {"Lab": 10, "Con": 5}}
    refused = _batch(client, token, first, {"seat": "Sunderland Central", **given})
    assert refused.status_code == 422
    [problem] = refused.json()["detail"]
    assert problem["field"] == f"declarations.1.{field}"
    assert problem["label"] == f"Sunderland Central ({SUNDERLAND_CENTRAL}): {label}"
    assert not problem["message"].startswith(f"{field}:")


def test_a_batch_s_row_its_schema_refuses_is_named_by_the_seat_it_gives(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A row the batch's schema refuses (votes of 12.5, both forms at once) was labelled
    "Declarations": it is named by the seat as the row gives it and its own field, worded by
    that field (the electorate's bounds)."""
    client, token = organiser_client
    open_night(client, token)
    refused = _batch(
        client,
        token,
        {"seat": CROYDON_EAST, "votes": {"Lab": 10}},
        {"seat": "Sunderland Central", "votes": {"Lab": 12.5}},
        {"seat": SUNDERLAND_CENTRAL, "votes": {"Lab": 1}, "candidates": []},
        {"seat": "Bath", "votes": {"Lab": 1}, "electorate": 0},
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == [
        {
            "field": "declarations.1.votes.Lab",
            "label": "seat 'Sunderland Central': Votes",
            "message": "not a whole number (12.5)",
        },
        {
            "field": "declarations.2",
            "label": f"seat {SUNDERLAND_CENTRAL!r}",
            "message": "give either candidates or votes (not both)",
        },
        {
            "field": "declarations.3.electorate",
            "label": "seat 'Bath': Electorate",
            "message": "use a number from 1 to 100,000,000",
        },
    ]


#: Refusals of one declaration that name its seat, by what it gives.
SEAT_REFUSALS = {
    "more votes than electors": {"votes": {"Lab": 2_000_000}},
    "a party not of the night": {"votes": {"Lab": 200, "LPC": 10}},
    "two names of one party": {"votes": {"Lab": 200, "Labour": 10}},
}


@pytest.mark.parametrize("case", sorted(SEAT_REFUSALS))
def test_every_refusal_names_the_seat_one_way(
    organiser_client: tuple[TestClient, str], case: str
) -> None:
    """The refusal of more votes than electors named the seat by its code alone
    ("E14001531: ..."), others as "Seat 'E14001531': ...": each names it as every message does
    (:attr:`psephos.model.Constituency.named`), alone or in a batch."""
    client, token = organiser_client
    open_night(client, token)
    row = {"seat": "Sunderland Central", **SEAT_REFUSALS[case]}
    alone = client.post(
        "/api/declarations", json={"election": "next", **row}, headers={"X-CSRF-Token": token}
    )
    in_batch = _batch(client, token, {"seat": CROYDON_EAST, "votes": {"Lab": 10}}, row)
    for refused in (alone, in_batch):
        assert refused.status_code == 422
        assert refused.json()["detail"].startswith(f"Sunderland Central ({SUNDERLAND_CENTRAL}): ")


def test_a_seat_declared_twice_in_a_batch_is_noted_as_a_correction(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A batch declaring a seat again with a changed result records it as a correction, as
    documented, and now says so in its result's note, as ``psephos nowcast feed`` notes it; a
    seat's later row of the batch without every party of its earlier row is refused, as posted
    one by one (it was recorded, losing the party left out)."""
    client, token = organiser_client
    open_night(client, token)
    first = {"seat": CROYDON_EAST, "votes": {"Lab": 20_000, "Con": 9_000}}
    bromley = {"seat": BROMLEY, "votes": {"Con": 10, "Lab": 6}}
    partial = _batch(client, token, first, {**first, "votes": {"Lab": 20_001}})
    assert partial.status_code == 422
    assert partial.json()["detail"].startswith(
        f"Croydon East ({CROYDON_EAST}) is declared again without Con, given in "
        "declarations.0 of this batch: "
    )
    assert client.get("/api/declarations").json()["declarations"] == []
    recorded = _batch(client, token, first, bromley, {**first, "votes": {"Lab": 20_001, "Con": 9}})
    assert recorded.status_code == 200, recorded.text
    results = recorded.json()["results"]
    assert [result["status"] for result in results] == ["created", "created", "corrected"]
    assert [result["note"] for result in results] == [
        "",
        "",
        f"Croydon East ({CROYDON_EAST}) was declared again (declarations.2, after "
        "declarations.0 of this batch): this result replaces the earlier one (a correction).",
    ]


def _party_votes_file(n_seats: int) -> str:
    """The 2024 result's first ``n_seats`` seats as a replay file, ``seat,party,votes``."""
    result = psephos.load("2024")
    lines = ["seat,party,votes"]
    for position in range(n_seats):
        seat = result.result_at(position)
        lines += [f"{seat.constituency.code},{party},{round(v)}" for party, v in seat.votes.items()]
    return "\n".join(lines) + "\n"


def test_replay_from_a_file(organiser_client: tuple[TestClient, str]) -> None:
    client, token = organiser_client
    open_night(client, token, "replay-2024")
    text = _party_votes_file(5)
    response = post_replay(client, token, "replay-2024", text)
    assert response.status_code == 200
    assert "Replayed 5 declarations: 5 new, 0 corrected" in response.text
    again = post_replay(client, token, "replay-2024", text)
    assert "Replayed 5 declarations: 0 new, 0 corrected" in again.text
    night = client.get("/api/results-night", params={"election": "replay-2024"}).json()
    assert night["n_declared"] == 5
    assert all(
        row["outcome"] == "hold" or "gain" in row["outcome"] for row in night["declarations"]
    )
    broken = "seat,party,votes\nE14001186,Lab,many\n"
    bad = post_replay(client, token, "replay-2024", broken, name="bad.csv")
    assert bad.status_code == 422 and "row 2" in bad.text
    no_header = post_replay(client, token, "replay-2024", "E14001186,Lab,5\n", name="bad.csv")
    assert no_header.status_code == 422


def test_a_replayed_workbook_is_read_from_the_sheet_named(
    organiser_client: tuple[TestClient, str], tmp_path: Path, workbook: Callable[..., Path]
) -> None:
    """The replay form's ``sheet`` picks the results from a workbook's sheet, as
    ``psephos nowcast feed night.xlsx#Night`` would; without it the first sheet is read."""
    client, token = organiser_client
    open_night(client, token, "replay-2024")
    seat = psephos.load("2024").result_at(0)
    lines = [f"{seat.constituency.code},{party},{round(v)}" for party, v in seat.votes.items()]
    text = "seat,party,votes\n" + "\n".join(lines) + "\n"
    raw = workbook(tmp_path / "night.xlsx", ("Notes", "say,what\nhello,there\n"), ("Night", text))
    form = {"csrf_token": token, "election": "replay-2024"}
    files = {"results_file": ("night.xlsx", raw.read_bytes(), XLSX)}
    first = client.post("/organisers/replay", data=form, files=files)
    assert first.status_code == 422
    picked = client.post("/organisers/replay", data={**form, "sheet": "night"}, files=files)
    assert picked.status_code == 200, picked.text
    assert "Replayed 1 declarations: 1 new" in picked.text
    declared = client.get("/api/declarations", params={"election": "replay-2024"}).json()
    assert [row["seat"] for row in declared["declarations"]] == [seat.constituency.code]


def test_a_replayed_file_is_read_as_nowcast_feed_reads_it(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The upload reads a file with the reader of ``psephos nowcast feed``: a spreadsheet's
    semicolons and ``seat_code`` header are read; a seat's rows apart (a file sorted by party)
    and a party twice without a candidate column are refused as the command refuses them."""
    client, token = organiser_client
    open_night(client, token, "replay-2024")
    form = {"csrf_token": token, "election": "replay-2024"}

    def upload(text: str) -> tuple[int, str]:
        files = {"results_file": ("night.csv", text.encode(), "text/csv")}
        response = client.post("/organisers/replay", data=form, files=files)
        return response.status_code, html.unescape(response.text)

    status, text = upload(
        "seat_code;candidate;party;votes\n"
        'E14001186;A. Smith;Labour Party;"21,000"\n'
        "E14001186;B. Jones;Workers Party of Britain;900\n"
    )
    assert status == 422 and "Give its code in a 'code' column" in text
    said = text.split('id="replay-error"')[1].split("</p>")[0]  # the form's own option says it
    assert "--unknown-parties" not in said
    status, text = upload(
        "seat_code;candidate;party;code;votes\n"
        'E14001186;A. Smith;Labour Party;;"21,000"\n'
        "E14001186;B. Jones;Workers Party of Britain;Other;900\n"
    )
    assert status == 200 and "Replayed 1 declarations: 1 new" in text
    (declaration,) = client.get("/api/declarations", params={"election": "replay-2024"}).json()[
        "declarations"
    ]
    assert declaration["votes"] == {"Lab": 21000, "Other": 900}
    status, text = upload("seat,party,votes\nE14001186,Lab,5\nE14000530,Lab,6\nE14001186,Con,4\n")
    assert status == 422 and "are not together" in text
    status, text = upload("seat,party,votes\nE14001186,Ind,5\nE14001186,Ind,6\n")
    assert status == 422 and "add a candidate column" in text


def test_the_night_s_range_is_the_nowcast_s_own(organiser_client: tuple[TestClient, str]) -> None:
    """The results-night page gives each party the 90% interval `psephos nowcast show`
    prints (Nowcast.seat_intervals: errors shared by the undeclared seats), from the same
    declarations, candidate by candidate: one answer to one question."""
    from psephos.forecast import Nowcast

    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    assert post_replay(client, token, "replay-2024", _party_votes_file(25)).status_code == 200
    night = client.get("/api/results-night", params={"election": "replay-2024"}).json()
    result = psephos.load("2024")
    nowcast = Nowcast(psephos.load("2019-notional-2024"))
    try:
        for position in range(25):
            seat = result.result_at(position)
            nowcast.declare(seat.constituency.code, {p: round(v) for p, v in seat.votes.items()})
        intervals = nowcast.seat_intervals()
    finally:
        nowcast.close()
    shown = {row["party"]: (row["low"], row["high"]) for row in night["projection"]["parties"]}
    assert shown and all(shown[code] == intervals[code] for code in shown if code in intervals)


def test_the_command_says_what_the_night_s_page_says(
    organiser_client: tuple[TestClient, str], tmp_path: Path
) -> None:
    """`psephos nowcast feed` fed the file the page replays ends with the page's verdict
    (a majority projected, hung, too close, too early: psephos.results.night.call), in the
    same words."""
    from typer.testing import CliRunner

    from psephos.cli import app as cli

    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    text = _party_votes_file(25)
    assert post_replay(client, token, "replay-2024", text).status_code == 200
    night = client.get("/api/results-night", params={"election": "replay-2024"}).json()
    path = tmp_path / "night.csv"
    path.write_text(text, encoding="utf-8")
    args = ["--from", "2019-notional-2024", "--store", str(tmp_path / "night.sqlite")]
    runner = CliRunner()
    fed = runner.invoke(cli, ["nowcast", "feed", str(path), *args, "-f", "json"])
    assert fed.exit_code == 0, fed.output
    said = json.loads(fed.stdout)["call"]
    page = night["projection"]
    assert (said["status"], said["party"], said["message"]) == (
        page["status"],
        page["party"],
        page["message"],
    )
    assert said["status"] != "too-early"  # 25 seats: the page projects
    table = runner.invoke(cli, ["nowcast", "show", "--store", str(tmp_path / "night.sqlite")])
    assert table.stdout.rstrip().splitlines()[-1] == page["message"]


def test_a_replayed_windows_1252_file_carries_its_note_through_the_redirect(
    organiser_client: tuple[TestClient, str],
) -> None:
    """A file that is not UTF-8 is read as Windows-1252, and the page the replay redirects to
    says so, as ``psephos nowcast feed`` notes it; a UTF-8 file gets no note."""
    client, token = organiser_client
    open_night(client, token, "replay-2024")
    rows = "seat,candidate,party,votes\nE14001186,Zoë Hart,Lab,21000\nE14001186,Al Ray,Con,900\n"
    response = post_replay(client, token, "replay-2024", rows.encode("cp1252"))
    text = html.unescape(response.text)
    assert response.status_code == 200 and "Replayed 1 declarations: 1 new" in text
    _, note = decode_text(rows.encode("cp1252"), label="The results file 'night.csv'")
    assert note is not None and 'id="replay-note"' in text and note in text
    (declaration,) = client.get("/api/declarations", params={"election": "replay-2024"}).json()[
        "declarations"
    ]
    assert "Zoë Hart" in str(declaration["candidates"])
    response = post_replay(client, token, "replay-2024", rows)
    assert response.status_code == 200 and 'id="replay-note"' not in response.text


def test_a_newsroom_file_with_seat_names_is_replayed_as_nowcast_feed_reads_it(
    organiser_client: tuple[TestClient, str], newsroom_declarations: str
) -> None:
    """The replay upload reads seats by name against the night's base, as `psephos nowcast
    feed` does (psephos.io.declarations.with_seat_code): one reader, one answer, the recount's
    later rows replacing the earlier; a misspelt seat is refused naming its rows."""
    from psephos.io.declarations import read_feed, with_seat_code

    client, token = organiser_client
    open_night(client, token, "replay-2024", base="2019-notional-2024")
    form = {"csrf_token": token, "election": "replay-2024"}

    def upload(text: str) -> tuple[int, str]:
        files = {"results_file": ("night.csv", text.encode(), "text/csv")}
        response = client.post("/organisers/replay", data=form, files=files)
        return response.status_code, html.unescape(response.text)

    status, text = upload(newsroom_declarations)
    assert status == 200 and "Replayed 6 declarations: 5 new, 1 corrected" in text, text
    base = psephos.load("2019-notional-2024")
    expected: dict[str, dict[str, int]] = {}
    for declaration in read_feed(io.StringIO(newsroom_declarations)):
        seat = with_seat_code(declaration, base)
        expected[seat.seat] = {c.party: c.votes for c in seat.counts}  # type: ignore[union-attr]
    stored = client.get("/api/declarations", params={"election": "replay-2024"}).json()
    assert {row["seat"]: row["votes"] for row in stored["declarations"]} == expected
    status, text = upload(newsroom_declarations.replace("Islington North", "Islington Nrth"))
    assert status == 422
    assert "declaration CSV rows 11-12: No constituency 'Islington Nrth'" in text


def test_a_declaration_may_name_its_seat_as_nowcast_feed_reads_it(
    organiser_client: tuple[TestClient, str],
) -> None:
    """POST /api/declarations and the declare form took an ONS code only, where `psephos
    nowcast feed` and the replay upload take a name too: the seat is read against the night's
    base (psephos.io.rows.read_seat), stored as its code, a part of a name with the note the
    command prints; a misspelt name is refused with the closest names."""
    from psephos.io.rows import read_seat

    client, token = organiser_client
    open_night(client, token)
    base = psephos.load("2024")
    by_name = _post(client, token, "croydon east", {"Lab": 20000, "Con": 9000})
    assert by_name["seat"] == CROYDON_EAST and by_name["status"] == "created"
    assert by_name["note"] == ""
    by_part = _post(client, token, "Croydon E", {"Lab": 20000, "Con": 9000})
    assert by_part["seat"] == CROYDON_EAST and by_part["status"] == "unchanged"
    assert by_part["note"] == read_seat(base, "Croydon E")[1] != ""
    misspelt = client.post(
        "/api/declarations",
        json={"election": "next", "seat": "Croydon Eest", "votes": {"Lab": 5}},
        headers={"X-CSRF-Token": token},
    )
    assert misspelt.status_code == 422 and "Croydon East" in misspelt.text
    typed = "Lab: 5\nCon: 4"
    form = {"csrf_token": token, "election": "next", "seat": "Bromley", "votes_text": typed}
    page = html.unescape(client.post("/organisers/declare", data=form).text)
    assert "Declaration created" in page and read_seat(base, "Bromley")[1] in page
    stored = client.get("/api/declarations", params={"election": "next"}).json()
    assert {row["seat"] for row in stored["declarations"]} == {CROYDON_EAST, BROMLEY}


def test_a_replay_counts_unknown_parties_as_other_and_shows_the_command_s_notes(
    organiser_client: tuple[TestClient, str],
) -> None:
    """The replay upload had no `--unknown-parties other`, and dropped the notes `psephos
    nowcast feed` prints for a seat read from a part of its name and for a time column it does
    not read: the same option, the same notes (read_feed's), on the page it returns to."""
    from psephos.io.declarations import read_feed, with_seat_code

    client, token = organiser_client
    open_night(client, token, "replay-2024")
    text = (
        "seat,party,votes,declared_at\n"
        "Croydon E,Labour,21000,02:10\n"
        "Croydon E,Workers Party of Britain,900,02:10\n"
    )
    files = {"results_file": ("night.csv", text.encode(), "text/csv")}
    form = {"csrf_token": token, "election": "replay-2024"}
    refused = client.post("/organisers/replay", data=form, files=files)
    assert refused.status_code == 422 and "counted as Other" in html.unescape(refused.text)
    response = client.post(
        "/organisers/replay", data={**form, "unknown_parties": "other"}, files=files
    )
    page = html.unescape(response.text)
    assert response.status_code == 200 and "Replayed 1 declarations: 1 new" in page
    (fed,) = read_feed(io.StringIO(text), unknown_parties="other")
    note = with_seat_code(fed, psephos.load("2024")).note
    assert "'declared_at'" in note and "read as Croydon East (E14001186)" in note
    assert 'id="replay-note"' in page and note in page
    assert note not in html.unescape(client.get("/organisers/declare").text)  # shown once
    (declaration,) = client.get("/api/declarations", params={"election": "replay-2024"}).json()[
        "declarations"
    ]
    assert declaration["votes"] == {"Lab": 21000, "Other": 900}
