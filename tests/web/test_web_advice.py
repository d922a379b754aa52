"""The How should I vote? page: its table shows the numbers its reasoning gives."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from html import unescape
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_helpers import page_token, poll_box

from psephos import jurisdictions
from psephos import load as psephos_load
from psephos.cli import app
from psephos.numbers import format_number
from psephos.tactical.advice import Preferences


def test_advice_page_table_agrees_with_its_reasoning(client: TestClient) -> None:
    page = client.get("/advice", params={"postcode": "BT1 5GS", "prefer": "Greens"})
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    stated = re.search(r"adds to its share \(expected ([0-9.]+%)\)", text)
    assert stated is not None
    shown = re.search(r"<td>Green</td><td class=\"num\">([0-9.]+%)</td>", text)
    assert shown is not None
    assert shown[1] == stated[1]


def test_advice_reads_a_ranked_list_as_the_command_does(client: TestClient) -> None:
    for written in ("Lab > LD > Green", "Lab; LD; Green", "1. Lab 2. LD 3. Green", "Lab+LD+Green"):
        answer = client.get("/api/advice", params={"seat": "Bath", "prefer": written})
        assert answer.status_code == 200, answer.text
        assert answer.json()["prefer"] == list(Preferences.parse(written).prefer)
        assert client.get("/advice", params={"seat": "Bath", "prefer": written}).status_code == 200
    refused = client.get("/api/advice", params={"seat": "Bath", "prefer": "anyone but Con"})
    assert refused.status_code == 400
    assert "give Con as against" in refused.json()["detail"]


def test_a_poll_typed_as_the_parties_points_to_the_poll_as_the_command_does(
    client: TestClient,
) -> None:
    """``advise Bath -p "Lab 30 Con 20"`` (``-p`` is ``--prefer``) and the same text in the
    page's box of parties are told it is a poll, in one wording (the page without the option)."""
    written = "Lab 30 Con 20 LD 25"
    command = CliRunner().invoke(app, ["advise", "Bath", "-p", written])
    assert command.exit_code == 2
    said = " ".join(command.output.split())
    assert "looks like a poll (party names with numbers)" in said
    assert "give it as the poll (--poll)" in said and "Unknown party" not in said
    for against in ("", written):
        params = {"seat": "Bath", "prefer": "Green" if against else written, "against": against}
        twin = client.get("/api/advice", params=params)
        assert twin.status_code == 400, twin.text
        detail = twin.json()["detail"]
        assert detail == said.removeprefix("error: ").replace(" (--poll)", "")
        page = client.get("/advice", params=params)
        assert page.status_code == 400 and detail in unescape(page.text)


@pytest.mark.parametrize(
    ("prefer", "against"),
    [("Lab,Lab", ""), ("Green,Lab,Green", ""), ("Lab,Labour", ""), ("Lab", "Con,Con")],
)
def test_a_party_named_twice_is_refused_as_the_command_refuses_it(
    client: TestClient, prefer: str, against: str
) -> None:
    """The page and its JSON twin read the lists with the command's one reader
    (:meth:`Preferences.parse`): a repeated party is refused in its words, not dropped."""
    arguments = ["advise", "Bath", "--prefer", prefer, *(["--against", against] if against else [])]
    command = CliRunner().invoke(app, arguments)
    assert command.exit_code == 2 and "; name each party once." in command.output
    params = {"seat": "Bath", "prefer": prefer, "against": against}
    twin = client.get("/api/advice", params=params)
    assert twin.status_code == 400, twin.text
    assert "; name each party once." in twin.json()["detail"]
    assert twin.json()["detail"] in " ".join(command.output.split())
    page = client.get("/advice", params=params)
    assert page.status_code == 400 and twin.json()["detail"] in unescape(page.text)
    assert 'id="advice-section"' not in page.text


def test_advice_page_speaks_words_not_codes(client: TestClient) -> None:
    params = {"postcode": "SW1A 1AA", "prefer": "Green > Lab > LD"}
    answer = client.get("/api/advice", params=params).json()
    page = client.get("/advice", params=params)
    assert page.status_code == 200, page.text
    recommendation = re.search(r'id="advice-recommendation">([^<]*)<', page.text)
    assert recommendation is not None
    # the decision's internal name ("tactical", "sincere-no-stake") stays in the JSON
    assert answer["kind"] not in recommendation[1]
    assert answer["recommendation_label"] in recommendation[1]
    simulations = f"{format_number(answer['n_sims'], ',')} simulations"
    assert simulations in page.text and f"{answer['n_sims']} simulations" not in page.text


def test_a_party_not_standing_is_named_by_the_election_s_label(client: TestClient) -> None:
    # The Brexit Party stood aside in Clacton in 2019: the refusal said "None of Reform".
    params = {"election": "2019", "seat": "Clacton", "prefer": "Brexit"}
    answer = client.get("/api/advice", params=params).json()
    assert answer["reasoning"][0].startswith(
        "Brexit Party is not standing in Clacton; the candidates standing are Conservative, "
    )
    assert "Reform" not in answer["reasoning"][0]


def test_a_voter_whose_only_party_is_not_standing_is_shown_the_seat(client: TestClient) -> None:
    # It was a refusal (400) with no advice. The page and its twin answer alike, from the
    # library's one function: no vote named, each standing candidate's chance, the closest
    # contest, and the next step against the parties the voter wants to keep out.
    params = {"election": "next", "postcode": "SW1A 1AA", "prefer": "Plaid Cymru"}
    page = client.get("/advice", params={**params, "against": "Con"})
    assert page.status_code == 200, page.text
    text = unescape(page.text)
    assert "Plaid Cymru is not standing in Cities of London and Westminster" in text
    assert "None of" not in text and "PC stands" not in text
    assert "the candidates standing are Labour, Conservative, " in text
    assert "No recommendation: none of your parties stands here." in text
    assert "Chances of winning: Labour " in text and "The closest contest is " in text
    assert "after Plaid Cymru, for advice on voting against Conservative." in text
    answer = client.get("/api/advice", params=params)
    assert answer.status_code == 200, answer.text
    payload = answer.json()
    assert payload["kind"] == "none-standing" and payload["recommendation"] == ""
    assert payload["reasoning"][-1].endswith("after Plaid Cymru, for advice.")
    assert {row["party"] for row in payload["rows"]} >= {"Lab", "Con", "LD", "Green"}


def test_a_link_naming_only_the_place_opens_the_form_without_an_error(
    client: TestClient,
) -> None:
    page = client.get("/advice", params={"postcode": "SW1A 1AA"})
    assert page.status_code == 200
    assert 'id="advice-error"' not in page.text and 'value="SW1A 1AA"' in page.text
    # the form sent with the parties left blank still says what is missing
    blank = client.get("/advice", params={"postcode": "SW1A 1AA", "prefer": ""})
    assert blank.status_code == 422 and 'id="advice-error"' in blank.text


def test_a_straddling_postcode_offers_each_seat_by_its_name(client: TestClient) -> None:
    params = {"postcode": "NW6 7", "prefer": "Green"}
    seats = client.get("/api/advice", params=params).json()["postcode"]["seats"]
    page = client.get("/advice", params=params).text
    offered = re.findall(r'href="/advice\?([^"]*)"', page)
    for seat in seats:
        assert any(f"seat={quote_plus(seat['name'])}&" in unescape(link) for link in offered)
        assert not any(seat["code"] in link for link in offered)


def test_a_poll_s_notes_are_said_for_every_seat_asked_about(client: TestClient) -> None:
    poll = "Lab 31 Con 21 Reform 19"  # 71%: the rest is shared out, with a note
    notes = []
    for seat in ("Bath", "Bristol Central"):  # the second reuses the cached projection
        answer = client.get("/api/advice", params={"seat": seat, "prefer": "LD", "poll": poll})
        assert answer.status_code == 200, answer.text
        notes.append(answer.json()["notes"])
        page = client.get("/advice", params={"seat": seat, "prefer": "LD", "poll": poll})
        assert all(unescape(note) in unescape(page.text) for note in notes[-1])
    assert notes[0] == notes[1] and any("sum to 71.0%" in note for note in notes[0])
    assert client.get("/api/advice", params={"seat": "Bath", "prefer": "LD"}).json()["notes"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"seat": "Nowhere Town", "prefer": "Lab"},
        {"seat": "Bath", "prefer": "Whigs"},
        {"seat": "Bath", "prefer": "Lab", "election": "2099"},
        {"seat": "Bath", "prefer": "anyone but Con"},
    ],
)
def test_a_refused_question_has_its_json_twins_status(
    client: TestClient, params: dict[str, str]
) -> None:
    """An unknown seat, party or election is 404 on the page as in ``/api/advice`` (a question
    that does not read, 400 in both), with the twin's message above the form."""
    twin = client.get("/api/advice", params=params)
    assert twin.status_code in (400, 404)
    page = client.get("/advice", params=params)
    assert page.status_code == twin.status_code
    error = re.search(r'id="advice-error"[^>]*>(.*?)</', page.text, re.S)
    assert error is not None and twin.json()["detail"] in unescape(error[1])


def _chosen(text: str) -> tuple[list[str], list[str]]:
    """The advice form's Election menu: its values and those selected."""
    menu = re.search(r'<select name="election">(.*?)</select>', text, flags=re.S)
    assert menu is not None
    return (
        re.findall(r'<option value="([\w-]+)"', menu[1]),
        re.findall(r'<option value="([\w-]+)" selected', menu[1]),
    )


@pytest.mark.parametrize(
    ("election", "seat", "prefer"),
    [("next", "Hampstead and Highgate", "Green, Lab"), ("canada-2021", "Avalon", "NDP")],
)
def test_the_form_offers_every_election_the_command_takes_the_asked_one_chosen(
    client: TestClient, election: str, seat: str, prefer: str
) -> None:
    """The Election menu is visible and offers what ``psephos advise --election`` takes ('next',
    the pre-election years, every bundled election), the asked one chosen; the seat is looked
    for among that election's seats, on the page and in its JSON twin alike."""
    from psephos.tactical.api import advice_base
    from psephos.tactical.preelection import PRE_ELECTION_IDS

    params = {"election": election, "seat": seat, "prefer": prefer}
    page = client.get("/advice", params=params)
    assert page.status_code == 200, page.text
    values, selected = _chosen(page.text)
    every = [
        key for country in jurisdictions.JURISDICTIONS.values() for key in country.election_ids
    ]
    assert {"next", *PRE_ELECTION_IDS, *every} == set(values)
    for value in values:
        advice_base(value)  # each one the library takes
    assert selected == [election]
    twin = client.get("/api/advice", params=params)
    assert twin.status_code == 200 and twin.json()["name"] == seat
    assert f"<h2>{seat}:" in unescape(page.text)
    elsewhere = "canada-2021" if election == "next" else "next"
    refused = client.get("/api/advice", params={**params, "election": elsewhere})
    assert refused.status_code == 404 and seat in refused.json()["detail"]


def _placeholder(text: str, name: str) -> str | None:
    found = re.search(rf'<input name="{name}"[^>]*placeholder="([^"]*)"', text)
    return unescape(found[1]) if found else None


@pytest.mark.parametrize("election", ["next", "2019", "canada-2021"])
def test_the_forms_examples_and_limits_follow_the_elections_country(
    client: TestClient, election: str
) -> None:
    """The seat, party and poll examples name the chosen election's country's seats and
    parties, the postcode box is offered only where the library looks postcodes up, and the
    latitude and longitude limits are those of the country's seat centres, the boxes left
    out without them (they were offered, then refused): a Canadian election's form asked
    for a UK postcode and seat, suggested 'Green, Lab, LD', and refused any Canadian
    latitude as 'from 49 to 61.5'."""
    from psephos.jurisdictions.geography import seat_centroids
    from psephos.model import party_label
    from psephos.projection import read_poll
    from psephos.tactical.api import advice_base, poll_refusal

    seats = psephos_load(advice_base(election))
    country = jurisdictions.of(seats)
    text = client.get("/advice", params={"election": election}).text
    seat = _placeholder(text, "seat")
    assert seat is not None and seat.removeprefix("e.g. ") in {c.name for c in seats.constituencies}
    for name, parties in (("prefer", country.default_bloc), ("against", country.default_against)):
        # each party as the election advised on labels it: 2019's seats are 2017's, whose
        # Reform is UKIP, but 2019's voters knew the Brexit Party
        named = ", ".join(party_label(p, election) for p in parties)
        assert _placeholder(text, name) == f"e.g. {named}"
    poll = _placeholder(text, "poll")
    if poll_refusal(election) is None:
        assert poll is not None
        read = read_poll(poll_box(text)[1], parties=seats.parties, election_id=election)
        assert set(read) <= set(country.poll_parties)
    else:  # advice as before polling day projects the final polls: no poll box to fill
        assert poll is None and 'id="advice-no-poll"' in text
    has_postcodes = country.supports(jurisdictions.POSTCODES)
    assert ('name="postcode"' in text) is has_postcodes
    assert ('id="advice-no-postcode"' in text) is not has_postcodes
    lat_input = re.search(r'<input type="number" name="lat"[^>]*>', text)
    if country.supports(jurisdictions.NEAREST):
        assert lat_input is not None and 'id="advice-coordinates"' in text
        latitudes, _ = seat_centroids(seats)
        low = float(re.search(r'min="([-0-9.]+)"', lat_input[0])[1])  # type: ignore[index]
        high = float(re.search(r'max="([-0-9.]+)"', lat_input[0])[1])  # type: ignore[index]
        assert low < latitudes.min() and latitudes.max() < high
        refused = client.get(
            "/api/advice", params={"election": election, "lat": high + 1, "lon": 0, "prefer": "x"}
        )
        assert refused.status_code == 422
    else:  # no seat centres: no latitude and longitude offered, only to be refused
        assert lat_input is None and 'name="lon"' not in text
        assert 'id="advice-coordinates"' not in text
        point = {"election": election, "lat": 45.42, "lon": -75.7, "prefer": "NDP"}
        refused = client.get("/api/advice", params=point)
        assert refused.status_code == 400, refused.text
        assert "nearest-seat search" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("query", "seat"),
    [
        ({"postcode": "SW1A 1AA", "prefer": "Lab, LD"}, "Cities of London and Westminster"),
        ({"election": "2019", "seat": "Hendon", "prefer": "LD"}, "Hendon"),
        ({"election": "canada-2021", "seat": "Toronto Centre", "prefer": "NDP"}, "Toronto Centre"),
    ],
)
def test_the_advice_links_on_to_its_seat_s_page_and_nearest_marginals(
    client: TestClient, query: dict[str, str], seat: str
) -> None:
    """A voter advised goes on to the seat's page (and to the marginals near it to help in):
    both links open that seat, of the election the advice is about."""
    page = client.get("/advice", params=query)
    assert page.status_code == 200, page.text
    paragraph = re.search(r'<p id="advice-seat-link">(.*?)</p>', page.text, re.S)
    assert paragraph is not None
    links = [unescape(href) for href in re.findall(r'href="([^"]+)"', paragraph[1])]
    # Canada has no nearest-seat search (no seat centroids): its advice offers the seat alone
    nearest = jurisdictions.of(psephos_load(query.get("election", "2024"))).supports(
        jurisdictions.NEAREST
    )
    assert len(links) == 1 + nearest
    assert links[0].startswith("/seats/")
    seat_page = client.get(links[0])
    assert seat_page.status_code == 200
    assert f"<h1>{seat}</h1>" in unescape(seat_page.text)
    if nearest:
        assert links[1].startswith("/nearest?")
        marginals = client.get(links[1])
        assert marginals.status_code == 200
        assert f"Marginals near {seat}" in unescape(marginals.text)


def test_a_switch_to_another_country_says_what_it_cleared_only_if_anything_was_filled(
    client: TestClient,
) -> None:
    """The menu switched to Canada's election with the form still empty (as the browser
    sends it at once) opens Canada's form without a note; filled for the UK, the note says
    what it cleared."""
    empty = {"country": "uk", "election": "canada-2021", "seat": "", "prefer": "", "poll": ""}
    page = client.get("/advice", params=empty)
    assert page.status_code == 200
    assert 'id="country-note"' not in page.text and 'id="advice-error"' not in page.text
    filled = client.get("/advice", params={**empty, "postcode": "SW1A 1AA", "prefer": "Lab"})
    assert filled.status_code == 200
    assert 'id="country-note"' in filled.text and "were cleared" in filled.text
    assert 'value="Lab"' not in filled.text


@pytest.mark.parametrize("election", ["next", "2024"])
def test_an_old_seat_name_is_followed_as_the_command_follows_it(
    client: TestClient, election: str
) -> None:
    """The 2019 seat Hampstead and Kilburn: the page and its twin advise for the 2024 seat
    holding most of its population, saying so as ``psephos advise`` says it (the same
    function, :func:`psephos.jurisdictions.resolve_seat`), and never name the
    ``2019-notional-2024`` seats the 2024 advice is built on."""
    from psephos.tactical.api import advise_seat

    params = {
        "seat": "Hampstead and Kilburn",
        "prefer": "Green,Lab,LD",
        "against": "Con",
        "election": election,
    }
    answer = client.get("/api/advice", params=params)
    assert answer.status_code == 200, answer.text
    command = advise_seat("Hampstead and Kilburn", "Green,Lab,LD", "Con", election=election)
    assert answer.json()["name"] == command["name"] == "Hampstead and Highgate"
    assert answer.json()["reasoning"] == command["reasoning"]
    note = command["reasoning"][0]
    assert note.startswith("Hampstead and Kilburn is not a seat on the 2024 boundaries; 70%")
    assert note.endswith(
        "Hampstead and Highgate is used here: give the seat you live in if it is another."
    )
    page = client.get("/advice", params=params)
    assert page.status_code == 200, page.text
    assert note in unescape(page.text)


def test_a_split_seat_is_advised_for_its_largest_part_with_a_note(client: TestClient) -> None:
    answer = client.get("/api/advice", params={"seat": "Isle of Wight", "prefer": "Lab"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] == "Isle of Wight East"
    assert "give the seat you live in if it is another" in answer.json()["reasoning"][0]


def test_an_unknown_seat_names_the_election_asked_not_its_base(client: TestClient) -> None:
    params = {"seat": "Foobar Heath", "prefer": "Lab", "election": "2024"}
    refused = client.get("/api/advice", params=params)
    assert refused.status_code == 404
    assert "in election '2024'" in refused.json()["detail"]
    assert "notional" not in refused.json()["detail"]
    error = re.search(r'id="advice-error"[^>]*>([^<]*)<', client.get("/advice", params=params).text)
    assert error is not None and unescape(error[1]) == refused.json()["detail"]


def test_a_seat_that_is_not_the_postcode_s_is_refused_as_the_command_refuses_it(
    client: TestClient,
) -> None:
    """'Bath' typed with an Edinburgh postcode was dropped: the page and its JSON twin
    answered for Edinburgh East and Musselburgh without a word. Both now refuse, in the
    command's words (:func:`psephos.tactical.api.seats_to_advise`), marking both boxes."""
    from typer.testing import CliRunner

    from psephos.cli import app

    params = {"seat": "Bath", "postcode": "EH1 1YZ", "prefer": "Lab"}
    refused = client.get("/api/advice", params=params)
    assert refused.status_code == 400
    detail = refused.json()["detail"]
    assert detail.startswith("EH1 1YZ is in Edinburgh East and Musselburgh, not Bath")
    command = CliRunner().invoke(
        app, ["advise", "Bath", "--postcode", "EH1 1YZ", "--prefer", "Lab"]
    )
    assert command.stderr.strip() == f"error: {detail}"
    page = client.get("/advice", params=params)
    assert page.status_code == 400 and 'id="advice-section"' not in page.text
    assert unescape(detail) in unescape(page.text)
    assert len(re.findall(r'aria-invalid="true"', page.text)) == 2
    # the seat a postcode is in, given with it, is advised on (the postcode confirms it)
    same = {**params, "seat": "Edinburgh East and Musselburgh"}
    assert client.get("/api/advice", params=same).json()["name"] == same["seat"]


def test_the_chance_of_winning_is_written_as_every_chance_is_never_zero_percent(
    client: TestClient,
) -> None:
    """The table said "0.0%" for Green in Croydon West where the reasoning above it said
    "effectively zero", against the docs' rule ("about 1 in 2,500", never "0%"). Each cell is
    now the seat page's writing of a chance (:func:`psephos.numbers.one_in`), as is the
    command's table."""
    from typer.testing import CliRunner

    from psephos.cli import app
    from psephos.numbers import one_in

    params = {"seat": "Croydon West", "prefer": "Green,Lab,LD", "against": "Con"}
    answer = client.get("/api/advice", params=params).json()
    page = unescape(client.get("/advice", params=params).text)
    cells = re.findall(r'<td class="num">[^<]*</td><td class="num">([^<]*)</td></tr>', page)
    chances = [c["win_probability"] for c in answer["contenders"]]
    assert cells == [one_in(chance, ".1%", draws=answer["n_sims"]) for chance in chances]
    assert "0.0%" not in cells and "less than 1 in 500" in cells
    command = CliRunner().invoke(
        app, ["advise", "Croydon West", "-p", "Green,Lab,LD", "-a", "Con", "--sims", "300"]
    )
    assert command.exit_code == 0, command.output
    table = command.stdout.split("What each vote does", 1)[1]
    assert not re.search(r"(?<![0-9.])0\.0%", table) and "effectively zero" in table


def test_the_advice_warmed_at_start_up_is_the_country_s_profiles_in_its_main_area(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``warm_advice`` asks the next election's country's own profiles
    (``Jurisdiction.advice_profiles``), in every seat of its main area (Great Britain's, as
    ``Jurisdiction.main_area_mask`` says), and nowhere else."""
    from psephos.web import services

    asked: list[services.AdviceKey] = []
    monkeypatch.setattr(services, "advice_for", asked.append)
    profile = (("Green",), ("Lab",))
    jurisdictions._by_key.cache_clear()  # the registry by code, remembered
    monkeypatch.setitem(
        jurisdictions.JURISDICTIONS, "uk", replace(jurisdictions.UK, advice_profiles=(profile,))
    )
    try:
        services.warm_advice()
    finally:
        monkeypatch.undo()
        jurisdictions._by_key.cache_clear()
    base = services.election(services._advice_base("next"))
    gb = [code for code, inside in zip(base.codes, base.gb_mask, strict=True) if inside]
    assert asked == [(code, *profile, (), "next", "", "", None) for code in gb]
    assert len(gb) == 632


def test_chances_of_winning_within_the_simulations_noise_read_alike(client: TestClient) -> None:
    # Manchester Central: Green (16.3%) and Reform UK "about 1 in 2,000", LD (7.8%) "effectively
    # zero": single wins in 2,000 simulations, read as odds; Labour "reaches 5% with chance
    # 100.0%" beside them.
    params = {"election": "next", "postcode": "M1 1AE", "prefer": "Green, Lab", "against": "Reform"}
    page = client.get("/advice", params=params)
    assert page.status_code == 200
    cells = re.findall(r'<td class="num">([^<]*)</td></tr>', page.text)
    assert cells[0] == "more than 99.8%"
    assert set(cells[1:]) == {"less than 1 in 500"}
    text = unescape(page.text)
    assert "about 1 in 2,000" not in text and "effectively zero" not in text
    assert "100.0%" not in text


#: A results file of the voter's own, two seats (``psephos advise --election FILE`` reads it).
OWN_RESULTS = (
    "seat_code,seat_name,party,votes\n"
    "E14001186,Croydon East,Lab,20000\nE14001186,Croydon East,Con,15000\n"
    "E14001186,Croydon East,Green,3000\n"
    "E14001137,Bromley and Biggin Hill,Con,22000\nE14001137,Bromley and Biggin Hill,Lab,17000\n"
)


def _advise(tmp_path: Path, text: str, *arguments: str) -> tuple[int, str]:
    """``psephos advise`` on ``text`` as a results file named ``own.csv``: its exit code and
    its standard output (JSON), or its one-line error."""
    path = tmp_path / "own.csv"
    path.write_text(text, encoding="utf-8")
    args = ["advise", *arguments, "--election", str(path), "--format", "json"]
    result = CliRunner().invoke(app, args)
    if result.exit_code:
        return result.exit_code, result.stderr.splitlines()[-1].removeprefix("error: ")
    return 0, result.stdout


def test_advice_on_your_own_results_file_is_the_command_s(
    client: TestClient, tmp_path: Path
) -> None:
    """The advice page and its twin take a results file, as ``psephos advise --election
    FILE`` does: read by the one reader of results files, the same advice, and a file that
    does not read refused in the command's words; the page keeps the file for asking again."""
    asked = {"seat": "Croydon East", "prefer": "Green,Lab", "against": "Con"}
    code, said = _advise(
        tmp_path, OWN_RESULTS, "Croydon East", "--prefer", "Green,Lab", "--against", "Con"
    )
    assert code == 0, said
    command = json.loads(said)
    upload = {"results_file": ("own.csv", OWN_RESULTS.encode(), "text/csv")}
    twin = client.post("/api/advice", data=asked, files=upload)
    assert twin.status_code == 200, twin.text
    for key in ("code", "recommendation", "headline", "reasoning", "source"):
        assert twin.json()[key] == command[key], key
    token = page_token(client, "/advice")
    page = client.post("/advice", data={**asked, "csrf_token": token}, files=upload)
    assert page.status_code == 200, page.text
    shown = unescape(page.text)
    assert command["headline"] in shown and 'id="advice-results-kept"' in shown
    again = client.post(  # the kept file, no second upload
        "/advice",
        data={
            **asked,
            "prefer": "Lab",
            "csrf_token": token,
            "results_file_kept": OWN_RESULTS,
            "results_file_kept_name": "own.csv",
        },
    )
    assert again.status_code == 200 and "Vote Labour" in unescape(again.text)

    bad = OWN_RESULTS + "E14001186,Croydon East,Whigs,300\n"
    code, said = _advise(tmp_path, bad, "Croydon East", "--prefer", "Lab")
    assert code == 2
    upload = {"results_file": ("own.csv", bad.encode(), "text/csv")}
    refused = client.post("/api/advice", data={**asked, "prefer": "Lab"}, files=upload)
    # the command's message; how to count the party as Other, the web's way (a form's menu)
    hint = " To count parties psephos does not know as Other"
    assert refused.status_code == 400
    assert refused.json()["detail"].split(hint)[0] == said.split(hint)[0]
    page = client.post(
        "/advice", data={**asked, "prefer": "Lab", "csrf_token": token}, files=upload
    )
    assert page.status_code == 400 and said.split(hint)[0] in unescape(page.text)
    not_text = {"results_file": ("own.csv", b"PK\x03\x04\x00\x00", "text/csv")}
    refused = client.post("/api/advice", data=asked, files=not_text)
    assert refused.status_code == 422 and "results file" in refused.json()["detail"]
    missing = client.post("/api/advice", data=asked)
    assert missing.status_code == 422 and "Choose a results file" in missing.json()["detail"]
    huge = {"results_file": ("own.csv", OWN_RESULTS.encode() * 20_000, "text/csv")}
    too_large = client.post("/api/advice", data=asked, files=huge)
    assert too_large.status_code == 413 and "over this page's limit of 1 MB" in too_large.text
