"""The marginals page by party pair: the seats two parties were first and second in, as
``psephos marginals --pair`` lists them, on the page, its JSON and its CSV."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from cli_helpers import command_json
from psephos.numbers import ordinal


def test_the_marginals_page_takes_a_party_pair_as_the_command_does(client: TestClient) -> None:
    """'Marginal seats by party pair', a campaign's first question: the page's pair (written
    as people write one, 'Lab vs Reform') lists the seats the command lists for --pair, with
    the pair in its heading; the twin and the CSV carry the same seats."""
    command = command_json("marginals", "2024", "--pair", "Lab,Reform", "-n", "5")
    expected = [row["code"] for row in command["rows"]]
    page = client.get("/marginals", params={"pair": "Lab vs Reform", "top": 5})
    assert page.status_code == 200
    heading = re.search(r"<h1>(.*?)</h1>", page.text)
    assert heading is not None and "between Lab and Reform UK" in html.unescape(heading.group(1))
    assert re.findall(r'<td><a href="/seats/([A-Z0-9]+)\?election=2024">', page.text) == expected
    twin = client.get("/api/marginals", params={"pair": "Lab vs Reform", "top": 5}).json()
    assert twin["pair"] == ["Lab", "Reform"] and [s["code"] for s in twin["rows"]] == expected
    csv = client.get("/api/marginals", params={"pair": "Lab,Reform", "top": 5, "format": "csv"})
    assert "marginals-2024-Lab-Reform-top-5.csv" in csv.headers["content-disposition"]
    assert len(csv.text.strip().splitlines()) == 1 + len(expected)
    # the links to the twin and the CSV keep the pair
    assert 'href="/api/marginals?election=2024&amp;top=5&amp;pair=Lab+vs+Reform"' in page.text


def test_a_pair_that_is_not_two_parties_is_refused_above_the_form(client: TestClient) -> None:
    """One party, or one the election lacks, is refused on the page (kept in its box) and by
    the twin with the same words and status; two parties that were never first and second
    say so; an empty pair lists every seat."""
    page = client.get("/marginals", params={"pair": "Lab", "top": 5})
    twin = client.get("/api/marginals", params={"pair": "Lab", "top": 5})
    assert page.status_code == twin.status_code == 400
    said = re.search(r'id="marginals-error"[^>]*>([^<]*)<', page.text)
    assert said is not None and html.unescape(said.group(1)) == twin.json()["detail"]
    assert twin.json()["detail"] == "The pair takes two parties, e.g. Lab,Con: 'Lab'."
    assert 'name="pair" value="Lab"' in page.text
    unknown = client.get("/marginals", params={"pair": "Lab,Zzz"})
    assert unknown.status_code == 404 == client.get("/api/marginals?pair=Lab,Zzz").status_code
    none = client.get("/marginals", params={"pair": "SNP,DUP"})
    assert none.status_code == 200 and "No seat had SNP and DUP first and second." in none.text
    every = client.get("/marginals", params={"pair": "", "top": 5})
    assert every.status_code == 200 and len(re.findall(r'<td><a href="/seats/', every.text)) == 5


def test_an_election_psephos_does_not_bundle_is_refused_above_the_form(
    client: TestClient,
) -> None:
    """An unknown election is said above the form (not on an error page without it), with
    the twin's words and status, the pair kept in its box."""
    params = {"election": "2099", "pair": "Lab,Con"}
    page = client.get("/marginals", params=params)
    twin = client.get("/api/marginals", params=params)
    assert page.status_code == twin.status_code == 404
    said = re.search(r'id="marginals-error"[^>]*>([^<]*)<', page.text)
    assert said is not None and html.unescape(said.group(1)) == twin.json()["detail"]
    assert 'action="/marginals"' in page.text and 'name="pair" value="Lab,Con"' in page.text
    assert 'id="marginals-csv"' not in page.text


def test_renamings_are_noted_on_the_pages_as_the_command_notes_them(client: TestClient) -> None:
    """The election page's changes, the seat page's and a pair named by an old name say
    what the command says: the Brexit Party's 2019 change is from UKIP's 2017 share, and
    `UKIP` in a 2019 pair is read as the Brexit Party."""
    command = command_json("results", "2019")["notes"]
    assert command and command[0].startswith("Brexit Party's change is from UKIP's")
    election = client.get("/elections/2019")
    assert election.status_code == 200
    assert f'<p class="note national-note">{command[0]}</p>' in html.unescape(election.text)
    assert client.get("/api/elections/2019").json()["summary"]["notes"] == command
    seat = client.get("/seats/E14000733", params={"election": "2019"})  # Hartlepool
    assert seat.status_code == 200
    assert f'<p class="note seat-note">{command[0]}</p>' in html.unescape(seat.text)
    note = "UKIP read as Brexit Party (the same party)."
    page = client.get("/marginals", params={"election": "2019", "pair": "UKIP,Lab", "top": 3})
    assert page.status_code == 200 and note in html.unescape(page.text)
    heading = re.search(r"<h1>(.*?)</h1>", page.text)
    assert heading is not None and "between Brexit Party and Lab" in html.unescape(heading.group(1))
    twin = client.get("/api/marginals", params={"election": "2019", "pair": "UKIP,Lab"})
    assert twin.json()["notes"] == [note]


def test_the_download_link_of_one_seat_says_this_seat(client: TestClient) -> None:
    """ "Download these 1 seats as CSV": one seat listed is "this seat", as many are counted."""
    one = client.get("/marginals", params={"election": "2024", "top": 1}).text
    assert '" download>Download this seat as CSV</a>' in one and "these 1 seats" not in one
    many = client.get("/marginals", params={"election": "2024", "top": 12}).text
    assert '" download>Download these 12 seats as CSV</a>' in many


def _page_codes(page: str) -> list[str]:
    return re.findall(r'<td><a href="/seats/([A-Z0-9]+)\?election=', page)


def test_the_web_ranks_the_marginals_as_the_command_does(client: TestClient) -> None:
    """The page and its twin ranked by majority as a share of the vote while ``psephos
    marginals`` ranks by votes: Bedford (145 votes) was the CLI's 3rd most marginal seat of
    2019 and East Dunbartonshire (149) the web's 3rd. Both rank by votes unless asked, the
    page says which order it is, offers the other, and its links keep the one chosen."""
    by_votes = [row["code"] for row in command_json("marginals", "2019", "-n", "5")["rows"]]
    by_share = command_json("marginals", "2019", "-n", "5", "--by", "share")["rows"]
    assert by_votes[2] == "E14000552"  # Bedford
    assert [row["code"] for row in by_share] != by_votes
    page = client.get("/marginals", params={"election": "2019", "top": 5})
    assert _page_codes(page.text) == by_votes
    assert "Ranked by majority in votes" in page.text
    assert '<option value="share" >majority as a share of the valid votes</option>' in page.text
    twin = client.get("/api/marginals", params={"election": "2019", "top": 5}).json()
    assert [row["code"] for row in twin["rows"]] == by_votes and twin["by"] == "votes"
    shared = client.get("/marginals", params={"election": "2019", "top": 5, "by": "share"})
    assert _page_codes(shared.text) == [row["code"] for row in by_share]
    assert "Ranked by majority as a share of the valid votes" in shared.text
    assert 'href="/api/marginals?election=2019&amp;top=5&amp;by=share"' in shared.text
    asked = {"election": "2019", "top": 5, "by": "share", "format": "csv"}
    csv = client.get("/api/marginals", params=asked)
    assert "marginals-2019-by-share-top-5.csv" in csv.headers["content-disposition"]
    assert client.get("/api/marginals", params={"by": "height"}).status_code == 422


def test_a_seat_page_s_marginality_rank_is_the_command_s(client: TestClient) -> None:
    """Kensington 2017 (20 votes) is the 2nd of ``psephos marginals 2017``; its seat page
    said 3rd, behind Perth and North Perthshire (21 votes, a smaller share). The page says the
    command's rank and what it ranks by."""
    rows = command_json("marginals", "2017", "-n", "650")["rows"]
    for code in ("E14000768", "S14000049"):  # Kensington, Perth and North Perthshire
        rank = next(row["rank"] for row in rows if row["code"] == code)
        page = html.unescape(client.get(f"/seats/{code}", params={"election": "2017"}).text)
        assert f"The {ordinal(rank)} most marginal of 650 seats by majority in votes" in page
    assert next(row["rank"] for row in rows if row["code"] == "E14000768") == 2


def test_the_twin_is_the_command_s_document(client: TestClient) -> None:
    """``psephos marginals --format json`` and ``/api/marginals`` answer the same question with
    the same document: every key of the command's, with the same values (the web adds the
    pair's labels)."""
    for params, arguments in [
        ({"election": "2019", "top": 5}, ["2019", "-n", "5"]),
        (
            {"election": "2019", "top": 3, "pair": "UKIP,Lab"},
            ["2019", "-n", "3", "--pair", "UKIP,Lab"],
        ),
        ({"election": "2017", "top": 4, "by": "share"}, ["2017", "-n", "4", "--by", "share"]),
    ]:
        command = command_json("marginals", *arguments)
        twin = client.get("/api/marginals", params=params).json()
        assert {key: twin[key] for key in command} == command
        assert set(twin) - set(command) == {"pair_labels"}
