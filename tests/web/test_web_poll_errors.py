"""The web API reads a poll like every command: same rule, same one-line message."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from psephos import jurisdictions, load
from psephos.cli import app as cli
from psephos.errors import PsephosError, UnknownPartyError, collected_share_notes
from psephos.projection import DEFAULT_MODEL, read_poll

#: The bad polls of tests/cli/test_cli_one_engine.py.
BAD_POLLS = [
    "Lab 80 Con 80",
    "Green 1 SNP 0.5",
    "Lab 45 Con 30 Reform 20 LD 10",
    "Lab forty Con 30",
    "Labour 40, Con",
    "Lab 40 Wigs 10",
    "Lab 29 Con 22 Reform 20 LD 12 Speaker 2",
]


@pytest.mark.parametrize("poll", BAD_POLLS)
def test_a_bad_poll_string_gets_the_commands_message(client: TestClient, poll: str) -> None:
    with pytest.raises(PsephosError) as caught:
        read_poll(poll)
    response = client.get("/api/swingometer", params={"base": "2024", "poll": poll})
    # An unknown party is "not found" on the web (404), as everywhere in the app.
    expected = 404 if isinstance(caught.value, UnknownPartyError) else 400
    assert response.status_code == expected
    assert response.json() == {"detail": str(caught.value)}


def test_slider_shares_above_100_get_the_same_message(client: TestClient) -> None:
    response = client.get("/api/swingometer", params={"Lab": 80, "Con": 80})
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The Great Britain shares sum to 160.0%, above 100%; give each party's share in "
        "percent, at most 100 in all (parties not named share the rest)."
    )
    page = client.get("/swingometer", params={"Lab": 80, "Con": 80})
    assert page.status_code == 400 and "above 100%" in page.text


def test_sliders_above_100_are_shown_beside_the_form_as_set(client: TestClient) -> None:
    # The 2024 sliders sum to 96.5% (the rest is parties without a slider): Reform 14.7 -> 20
    # goes over 100.
    sliders = {"Con": 24.4, "Lab": 34.6, "LD": 12.6, "Reform": 20.0, "Green": 6.9, "SNP": 2.6}
    page = client.get("/swingometer", params={**sliders, "PC": 0.7})
    assert page.status_code == 400
    assert 'id="swing-error"' in page.text and "sum to 101.8%, above 100%" in page.text
    assert 'id="swing-form"' in page.text and 'id="swing-seats"' not in page.text
    assert 'name="Reform" min="0" max="100" step="0.1" value="20.0"' in page.text
    assert 'name="Con" min="0" max="100" step="0.1" value="24.4"' in page.text


@pytest.mark.parametrize("params", [{}, {"Reform": 20.0, "Lab": 30.0}, {"poll": "Lab 30 Con 25"}])
def test_the_json_link_gives_the_page_s_numbers(client: TestClient, params: dict) -> None:
    page = client.get("/swingometer", params=params)
    link = re.search(r'JSON: <a href="(/api/swingometer\?[^"]+)"', page.text)
    assert link is not None
    twin = client.get(html.unescape(link.group(1))).json()
    shown = re.findall(r'</svg>([^<]+)</td><td class="num">(\d+)</td>', page.text)
    assert shown == [(row["party_label"], str(row["seats"])) for row in twin["seats"]]


def test_a_poll_string_and_sliders_give_the_same_projection(client: TestClient) -> None:
    by_string = client.get("/api/swingometer", params={"poll": "Lab 30 Con 20 Reform 25 LD 12"})
    by_sliders = client.get(
        "/api/swingometer", params={"Lab": 30, "Con": 20, "Reform": 25, "LD": 12}
    )
    assert by_string.status_code == 200
    assert by_string.json()["seats"] == by_sliders.json()["seats"]
    assert by_string.json()["model"] == DEFAULT_MODEL


def test_a_filled_in_poll_is_noted_once(client: TestClient) -> None:
    poll = {"Lab": 30, "Con": 20, "Reform": 25, "LD": 12, "Green": 5}
    notes = client.get("/api/swingometer", params=poll).json()["notes"]
    assert [note for note in notes if "sum to 92.0%" in note] == notes[:1]
    # and the parties it leaves out whose seats move, each named once (a seat goes to its
    # leading candidate: Oldham West's three Independents add up to more than Labour, the
    # best of them does not)
    assert notes[1:] == [
        "The parties the poll does not name share the 8.0% it leaves in proportion to their "
        "base shares, not as a poll would give them; their seats from the base: SNP from 9 to "
        "26, Ind from 6 to 9 and Other from 0 to 2. Name a party with its share to set it."
    ]
    forecast = client.get("/api/forecast", params={"poll": "Lab 30 Con 20 Reform 25 LD 12 Green 5"})
    assert forecast.json()["notes"] == notes


def test_a_poll_read_as_fractions_gets_the_commands_note(client: TestClient) -> None:
    """ "Reform 1" is read as fractions (Reform on 100%), and the page says so in the note
    every command prints."""
    result = CliRunner().invoke(cli, ["project", "--from", "2024", "--poll", "Reform 1"])
    note = result.stderr.splitlines()[0].removeprefix("note: ")
    assert "read as fractions" in note and "Reform 100%" in note
    for path in ("/api/swingometer", "/api/forecast"):
        answer = client.get(path, params={"base": "2024", "poll": "Reform 1"})
        assert answer.status_code == 200 and answer.json()["notes"][0] == note, path


def test_a_poll_of_fractions_shows_and_sends_back_its_shares_in_percent(
    client: TestClient,
) -> None:
    """A poll typed as fractions projects as the same poll in percent, and the page shows it
    as read, in percent: ``shares_pct`` (and ``typed_shares_pct``) give Lab 38, not 0.38, the
    sliders stand at 38, and the sliders sent back (as pressing Project sends them) project
    to the same seats."""
    fractions = "lab 0.38 con 0.20 reform 0.17 ld 0.12 green 0.07 snp 0.03"
    percent = "Lab 38 Con 20 Reform 17 LD 12 Green 7 SNP 3"
    typed = client.get("/api/swingometer", params={"base": "2024", "poll": fractions}).json()
    same = client.get("/api/swingometer", params={"base": "2024", "poll": percent}).json()
    assert typed["seats"] == same["seats"]
    assert typed["shares_pct"]["Lab"] == pytest.approx(38.0)
    assert typed["shares_pct"]["SNP"] == pytest.approx(3.0)
    assert typed["shares_pct"] == pytest.approx(same["shares_pct"])
    assert typed["typed_shares_pct"] == pytest.approx(same["typed_shares_pct"])
    page = client.get("/swingometer", params={"base": "2024", "poll": fractions})
    assert page.status_code == 200
    assert re.search(r'name="Lab" min="0" max="100" step="0.1" value="38(\.0)?"', page.text)
    sliders = {party: str(share) for party, share in typed["shares_pct"].items()}
    again = client.get("/api/swingometer", params={"base": "2024", **sliders})
    assert again.status_code == 200, again.text
    assert again.json()["seats"] == same["seats"]


def test_a_canadian_poll_gets_the_commands_canadian_message(client: TestClient) -> None:
    """A Canadian poll above 100% is "the Canada shares" on the web as in every command, and a
    short one's note says the same."""
    import psephos
    from psephos.projection import poll_label

    with pytest.raises(PsephosError) as caught:
        read_poll("LPC 60 CPC 50", label=poll_label(psephos.load("canada-2021")))
    assert str(caught.value).startswith("The Canada shares sum to 110.0%")
    for path in ("/api/swingometer", "/api/forecast"):
        over = client.get(path, params={"base": "canada-2021", "poll": "LPC 60 CPC 50"})
        assert over.status_code == 400 and over.json() == {"detail": str(caught.value)}
    short = client.get("/api/swingometer", params={"base": "canada-2021", "poll": "LPC 40 CPC 40"})
    assert short.status_code == 200
    assert short.json()["notes"][0].startswith("The Canada shares sum to 80.0%")


def test_an_unknown_party_in_a_canadian_poll_is_told_canadas_parties(client: TestClient) -> None:
    """The API reads a poll against its base as the commands do: a Canadian poll's unknown
    party is told Canada's parties, not the UK's."""
    from psephos.jurisdictions import load

    poll = "LPC 33 CPC 34 Liberl 5"
    with pytest.raises(UnknownPartyError) as caught:
        read_poll(poll, parties=load("canada-2021").parties)
    response = client.get("/api/swingometer", params={"base": "canada-2021", "poll": poll})
    assert response.status_code == 404
    assert response.json() == {"detail": str(caught.value)}
    assert "known parties: LPC, CPC" in str(caught.value)


@pytest.mark.parametrize("page", ["/swingometer", "/forecast"])
def test_a_refusal_on_a_page_names_no_command_line_option(client: TestClient, page: str) -> None:
    """A Northern Ireland party in a Great Britain poll: the page and its JSON twin give the
    reader's message with the command line's option said in the web's words (the area shares
    box, and the command's option), the rest as the command gives it."""
    from psephos.web.context import PAGE_WORDS

    poll = "Lab 40 Con 30 DUP 2"
    with pytest.raises(PsephosError) as caught:
        read_poll(poll)
    command = str(caught.value)
    assert "(--by-region)" in command
    shown = command
    for option, words in PAGE_WORDS:
        shown = shown.replace(option, words)
    assert "(--" not in shown and "leave it out" in shown
    answer = client.get(page, params={"base": "2024", "poll": poll})
    assert answer.status_code == 400
    assert shown in html.unescape(answer.text) and "(--by-region)" not in answer.text
    twin = client.get(f"/api{page}", params={"base": "2024", "poll": poll})
    assert twin.status_code == 400 and twin.json() == {"detail": shown}


def test_every_option_a_projection_message_names_has_page_words() -> None:
    """The command-line options the projection's messages name in brackets are each mapped
    to the web's words in the one table (PAGE_WORDS), so no page shows one."""
    from pathlib import Path

    import psephos.projection
    from psephos.web.context import PAGE_WORDS

    package = Path(psephos.projection.__file__).parent
    named = {
        match.group(0)
        for path in package.glob("*.py")
        for match in re.finditer(
            r" \(--[a-z][a-z-]*(?: [a-z0-9-]+)?\)|e\.g\. --[a-z-]+ \w+", path.read_text()
        )
    }
    assert named  # the messages do name options
    assert named <= {option for option, _ in PAGE_WORDS}


@pytest.mark.parametrize(
    ("base", "party", "note"),
    [
        ("2024", "Brexit Party", "Brexit Party read as Reform UK (the same party)."),
        ("2015", "Reform UK", "Reform UK read as UKIP (the same party)."),
        # from 2019 the projection's row is Reform UK (the next election's name), and so is
        # the note: it read "Brexit Party" against 2019's own name, above a Reform UK row
        ("2019", "UKIP", "UKIP read as Reform UK (the same party)."),
        ("2019", "Brexit Party", "Brexit Party read as Reform UK (the same party)."),
        ("2019", "Reform UK", None),  # the name the projection gives it
    ],
)
def test_a_party_named_as_another_year_named_it_is_noted_against_the_base(
    client: TestClient, base: str, party: str, note: str | None
) -> None:
    """The swingometer reads a typed poll as ``psephos project`` does, against the names of
    the election its projection names parties as (the one after the base), and shows the
    reader's note with the projection's, which names the party as its rows do; the forecast
    page the same."""
    poll = f"Lab 35 Con 24 {party} 15 LD 12 Green 7"
    for page in ("/swingometer", "/forecast"):
        params = {"base": base, "poll": poll}
        notes = client.get(f"/api{page}", params=params).json()["notes"]
        assert [n for n in notes if "(the same party)" in n] == ([note] if note else []), page
        text = html.unescape(client.get(page, params=params).text)
        assert (note in text) if note else ("(the same party)" not in text), page


@pytest.mark.parametrize(
    ("base", "poll", "party", "theirs", "ours"),
    [
        ("2024", "Con 30 Lab 30 CPC 20", "CPC", "CANADA", "UK"),
        ("canada-2021", "LPC 30 CPC 30 Reform 15", "Reform", "UK", "CANADA"),
    ],
)
def test_another_country_s_party_is_refused_naming_both_countries(
    client: TestClient, base: str, poll: str, party: str, theirs: str, ours: str
) -> None:
    """A poll naming another country's party (the CPC in a UK poll) is told so, by the
    command and the API alike: the party's country, an election of it, and this election's
    country and parties; not to count unknown parties as Other (psephos knows the party)."""
    their_country, our_country = getattr(jurisdictions, theirs), getattr(jurisdictions, ours)
    parties = load(base).parties
    result = CliRunner().invoke(cli, ["project", "--from", base, "--poll", poll])
    assert result.exit_code != 0
    message = result.stderr.removeprefix("error: ").strip()
    assert message == jurisdictions.foreign_party(party, parties)
    assert f"{party} is {their_country.with_article} party" in message
    assert their_country.latest_id in message
    assert f"this {our_country.as_adjective} election's own parties ({', '.join(parties)})" in (
        message
    )
    assert "as Other" not in message and "unknown" not in message
    response = client.get("/api/swingometer", params={"base": base, "poll": poll})
    assert response.status_code == 400 and response.json() == {"detail": message}


def test_a_share_written_from_its_point_is_read_as_the_command_line_reads_it(
    client: TestClient,
) -> None:
    """ "Lab .5" is half a percent on the web as in ``psephos project``: the point was taken as
    the end of Lab's name, and ".5" read as 5."""
    body = client.get("/api/swingometer", params={"base": "2024", "poll": "Lab .5 Con 24"}).json()
    assert body["typed_shares_pct"] == pytest.approx({"Lab": 0.5, "Con": 24.0})


def test_the_twin_lists_every_share_projected_as_the_command_does(client: TestClient) -> None:
    """``target_shares`` lists every share the projection used, the fill's for the parties
    the poll leaves out included (Ind and Other, which the sliders do not show), as ``psephos
    project --format json`` lists them; the note names the parties whose seats that moved."""
    import json

    poll = "Lab 35 Con 24 Reform 15 LD 12 Green 7 SNP 3"
    base = "2019-notional-2024"
    twin = client.get("/api/swingometer", params={"base": base, "poll": poll}).json()
    result = CliRunner().invoke(cli, ["project", "--from", base, "--poll", poll, "-f", "json"])
    assert result.exit_code == 0, result.output
    command = json.loads(result.stdout)
    assert twin["target_shares"] == command["target_shares"]
    used = twin["target_shares"]["Great Britain"]
    assert {"Ind", "Other"} <= used.keys() and not {"Ind", "Other"} & twin["shares_pct"].keys()
    assert sum(used.values()) == pytest.approx(100, abs=0.05)
    (seats_note,) = [note for note in twin["notes"] if "does not name" in note]
    assert "Ind from 0 to 2" in seats_note and "Other from 0 to 1" in seats_note
    assert seats_note in command["notes"]


#: A poll and a Scottish and a Welsh sub-poll (the text of a ``--by-region`` file), as
#: tests/cli/test_cli_one_engine.py projects them through every command.
SUB_POLL = "Lab 30 Con 22 Reform 20 LD 12 Green 8 SNP 3 PC 1"
AREAS = (
    "area,party,share\n"
    "Scotland,SNP,34\nScotland,Lab,20\nScotland,Con,10\nScotland,Reform,18\nScotland,LD,9\n"
    "Wales,Lab,27\nWales,Reform,30\nWales,PC,20\nWales,Con,10\nWales,LD,6\n"
)
#: Every JSON twin that projects a poll, with what else it needs to answer.
POLL_TWINS: dict[str, dict[str, str]] = {
    "/api/forecast": {"base": "2024", "sims": "200"},
    "/api/advice": {"seat": "Croydon East", "prefer": "LD,Green"},
    "/api/targets": {"election": "2024", "attacker": "Con", "defender": "Lab"},
    "/api/pacts": {"election": "2024", "bloc": "Lab,LD"},
    "/api/tactical": {"against": "Con"},
    "/api/turnout": {"election": "2024", "change": "5", "split": "Lab 41 Con 8"},
}


def test_the_same_poll_and_area_shares_give_the_same_projection_through_every_twin(
    client: TestClient,
) -> None:
    """A poll with area shares (``areas``) projects alike through every page's JSON twin that
    takes a poll, as ``psephos project --poll ... --by-region`` projects it: the same
    ``projection`` (model, target shares per area, seats), the sub-polls changing it."""
    from psephos.io.shares import parse_area_shares
    from psephos.projection import project

    with collected_share_notes():
        expected = project(load("2024"), SUB_POLL, areas=parse_area_shares(AREAS)).summary()
    assert {"Scotland", "Wales"} <= set(expected["target_shares"])
    seats = client.get(
        "/api/swingometer", params={"base": "2024", "poll": SUB_POLL, "areas": AREAS}
    ).json()["seats"]
    assert {row["party"]: row["seats"] for row in seats if row["seats"]} == expected["seats"]
    for path, params in POLL_TWINS.items():
        answer = client.get(path, params={**params, "poll": SUB_POLL, "areas": AREAS})
        assert answer.status_code == 200, (path, answer.text)
        assert answer.json()["projection"] == expected, path
        plain = client.get(path, params={**params, "poll": SUB_POLL}).json()["projection"]
        assert plain["seats"]["SNP"] != expected["seats"]["SNP"], path


@pytest.mark.parametrize("path", ["/api/swingometer", *POLL_TWINS])
def test_a_northern_ireland_party_gets_one_message_on_every_twin(
    client: TestClient, path: str
) -> None:
    """A Northern Ireland party in a Great Britain poll: every twin that takes a poll says the
    reader's one message in the web's words, offering the page's own Area shares box."""
    from psephos.web.context import page_message

    poll = "Lab 40 Con 30 DUP 2"
    with pytest.raises(PsephosError) as caught:
        read_poll(poll)
    answer = client.get(path, params={**POLL_TWINS.get(path, {}), "poll": poll})
    assert answer.status_code == 400, answer.text
    assert answer.json() == {"detail": page_message(caught.value)}
    assert "the page's Area shares box" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("page", "params"),
    [
        ("/advice", POLL_TWINS["/api/advice"]),
        ("/tactical", POLL_TWINS["/api/tactical"]),
        ("/targets", POLL_TWINS["/api/targets"]),
        ("/pacts", POLL_TWINS["/api/pacts"]),
        ("/turnout", POLL_TWINS["/api/turnout"]),
    ],
)
def test_every_page_with_a_poll_box_has_the_area_shares_box(
    client: TestClient, page: str, params: dict[str, str]
) -> None:
    """Each page that takes a poll has the Area shares box beside it, which keeps what was
    typed once answered."""
    answer = client.get(page, params={**params, "poll": SUB_POLL, "areas": AREAS})
    assert answer.status_code == 200, answer.text
    box = re.search(r'<textarea name="areas"[^>]*>([^<]*)</textarea>', answer.text)
    assert box is not None and html.unescape(box.group(1)).strip() == AREAS.strip()
