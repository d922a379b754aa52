"""Coalition builder and its JSON twin take what ``psephos govern`` takes
(:mod:`psephos.government.choices`) and answer as the command does."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from fastapi.testclient import TestClient
from matplotlib.colors import to_hex
from web_helpers import page_error

import psephos
from cli_helpers import command_json
from psephos.government import govern
from psephos.government.charts import MAX_DIAGRAM_SEATS, parliament_figure
from psephos.government.choices import LISTED_COALITIONS, MAX_GIVEN_SEATS
from psephos.web.services import HOUSE_WORDS_ROOM


def _govern(*args: str) -> dict[str, Any]:
    """``psephos govern ... --format json``, its arrangements (``rows``, the key the twin's
    report keeps too) also under the report's own name for them."""
    payload: dict[str, Any] = command_json("govern", *args)
    payload["arrangements"] = payload["rows"]
    return payload


def test_coalitions_deputies_side_and_abstainers_as_the_command(client: TestClient) -> None:
    """Several coalitions, a confidence-and-supply arrangement, Deputy Speakers, the government
    side and the abstainers give the twin and ``psephos govern`` the same report."""
    expected = _govern(
        "2017",
        "--coalition",
        "Con+LD",
        "--coalition",
        "Lab+SNP+LD",
        "--confidence-supply",
        "Lab:SNP+PC",
        "--deputies-government",
        "2",
        "--deputies-opposition",
        "1",
        "--government-side",
        "Con,DUP",
        "--abstain",
        "none",
    )
    params: dict[str, Any] = {
        "election": "2017",
        "coalition": ["Con+LD\nLab+SNP+LD"],
        "confidence_supply": "Lab:SNP+PC",
        "deputies_government": "2",
        "deputies_opposition": "1",
        "government_side": "Con,DUP",
        "abstain": "none",
    }
    body = client.get("/api/coalitions", params=params).json()
    assert body["report"] == expected
    assert body["report"]["abstentionists"] == {} and body["report"]["deputy_speakers"] == {
        "Con": 2,
        "Lab": 1,
    }
    page = client.get("/coalitions", params=params)
    assert page.status_code == 200
    assert "Lab + SNP + LD" in page.text and "confidence_supply=Lab%3ASNP%2BPC" in page.text


def test_seats_given_read_as_the_command_reads_them(client: TestClient) -> None:
    seats = "Con 299, Lab 270, SNP 40, LD 30, DUP 10, Speaker 1"
    # the ticked government is the government side for the Deputy Speakers
    expected = _govern(
        "--seats", seats, "--coalition", "Lab+SNP+LD", "--government-side", "Lab,SNP"
    )
    params = {"seats": seats, "coalition": "Lab+SNP+LD", "government": ["Lab", "SNP"]}
    body = client.get("/api/coalitions", params=params).json()
    assert body["report"] == expected and body["election"] is None
    assert {party: row["seats"] for party, row in body["seats"].items()} == {
        "Con": 299,
        "Lab": 270,
        "SNP": 40,
        "LD": 30,
        "DUP": 10,
        "Speaker": 1,
    }
    assert body["assessment"]["government"] == "Lab + SNP"
    page = client.get("/coalitions", params=params)
    assert page.status_code == 200 and "Seats given" in page.text
    chosen = client.get("/coalitions", params={**params, "election": ""})  # the form's "none"
    assert chosen.status_code == 200 and "Seats given" in chosen.text


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"seats": "Con 300 Lab lots"}, "Cannot read seats"),
        ({"seats": "Con 300 Con 20"}, "appears twice in seats"),
        ({"election": "2017", "seats": "Con 300"}, "Give an election or seats, not both"),
        ({"election": "2017", "confidence_supply": "Con+DUP"}, "Bad confidence_supply"),
        ({"election": "2017", "abstain": "Whigs"}, "Unknown party 'Whigs'"),
        ({"election": "2017", "coalition": "Lab+Foo"}, "Unknown party 'Foo'; known parties: Con"),
        ({"election": "2024", "coalition": "Lab+Lab"}, "Lab is in the coalition twice"),
        ({"seats": "Lab 300 Con 200 LD 60"}, "for a House of 560 seats, house_size 560"),
        ({"seats": "Lab 300 Con 200", "house_size": "600"}, "not the 600 of house_size"),
    ],
)
def test_coalitions_refuse_what_the_command_refuses(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    answer = client.get("/api/coalitions", params=params)
    assert answer.status_code in (400, 404) and message in answer.json()["detail"]


def test_a_canadian_house_by_default_as_the_command(client: TestClient) -> None:
    """Canada's elections are in the page's list, and its House is counted by its rules."""
    page = client.get("/coalitions", params={"election": "canada-2021"})
    assert page.status_code == 200
    for key in psephos.available_elections():
        assert f'<option value="{key}"' in page.text
    assert '<option value="canada-2021" selected>' in page.text
    body = client.get(
        "/api/coalitions", params={"election": "canada-2021", "coalition": "Liberal+NDP"}
    ).json()
    assert body["report"] == _govern("canada-2021", "--coalition", "Liberal+NDP")
    # the Speaker, a Liberal, is the one hollow dot, and says so on hover
    (hollow,) = [
        group
        for group in _house_svg(page.text).findall("g")
        if "not-voting" in group.get("class", "")
    ]
    assert hollow.get("data-party") == "LPC" and len(hollow.findall("circle")) == 1
    assert hollow.findtext("title") == "LPC: the Speaker, who does not vote"
    assert "337 MPs vote (not voting: the Speaker (LPC 1))" in page.text


def _first_cells(page: str, table_id: str) -> list[str]:
    """The first cell of each body row of the page's table ``table_id``."""
    table = page.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr><td>(.*?)</td>", table)


def test_every_table_the_command_prints_is_on_the_page(client: TestClient) -> None:
    """``psephos govern``'s views (arrangements, minimal winning coalitions up to ``--limit``,
    minimal connected winning coalitions, the largest party's partners, voting power) are
    the page's tables, row for row."""
    expected = _govern("2017")
    winning = expected["minimal_winning_coalitions"]
    assert len(winning) > 2
    page = client.get("/coalitions", params={"election": "2017", "limit": "2"}).text
    assert _first_cells(page, "coalition-winning") == [c["coalition"] for c in winning[:2]]
    assert f"Minimal winning coalitions (first 2 of {len(winning)})" in page
    assert _first_cells(page, "coalition-connected") == [
        c["coalition"] for c in expected["minimal_connected_winning"]
    ]
    assert _first_cells(page, "coalition-partners") == [
        c["coalition"] for c in expected["partners_of_largest"]
    ]
    assert f"Minimal partner sets for {expected['largest_party_label']}" in page
    assert _first_cells(page, "coalition-power") == [p["party_label"] for p in expected["power"]]
    assert _first_cells(page, "coalition-arrangements") == [
        a["arrangement"] for a in expected["arrangements"]
    ]
    whole = client.get("/coalitions", params={"election": "2017"}).text
    listed = _first_cells(whole, "coalition-winning")
    assert listed == [c["coalition"] for c in winning[: len(listed)]]
    assert len(listed) == min(len(winning), LISTED_COALITIONS)  # the command's default --limit
    body = client.get("/api/coalitions", params={"election": "2017", "limit": "2"}).json()
    assert body["report"]["minimal_winning_coalitions"] == winning  # the JSON lists them all
    assert client.get("/api/coalitions", params={"limit": "-1"}).status_code == 422


def _house_svg(page: str) -> ET.Element:
    """The parliament diagram of the page, parsed as XML (so it is well formed too)."""
    figure = page.split('id="coalition-house"', 1)[1]
    svg = figure[figure.index("<svg") : figure.index("</svg>") + len("</svg>")]
    return ET.fromstring(svg)


@pytest.mark.parametrize(
    ("params", "source"),
    [
        ({"election": "2017"}, "2017"),
        ({"election": "canada-2021"}, "canada-2021"),
        ({"election": "", "seats": "Con 300, Lab 290, LD 50, SF 9, Speaker 1"}, None),
    ],
    ids=["2017", "canada-2021", "seats"],
)
def test_the_house_is_drawn_as_govern_chart_draws_it(
    client: TestClient, params: dict[str, str], source: str | None
) -> None:
    """One dot per seat of the page's House in its party's colour, hollow for members who do
    not vote, in the order and colours of ``psephos govern --chart``; the working majority
    line has exactly the threshold's voting members to its left."""
    page = client.get("/coalitions", params=params)
    assert page.status_code == 200
    body = client.get("/api/coalitions", params=params).json()
    assert "picture" not in body  # the JSON twin is the command's report, without drawings
    report, seats = body["report"], body["seats"]
    svg = _house_svg(page.text)
    caption = svg.get("aria-labelledby")
    assert caption and f'<figcaption id="{caption}">' in page.text
    groups = svg.findall("g")
    drawn: Counter[str] = Counter()
    for group in groups:
        party = group.get("data-party", "")
        assert group.find("title") is not None and group.findtext("title", "").startswith(
            seats[party]["party_label"] + ":"
        )
        voting = "not-voting" not in (group.get("class") or "")
        ink = group.get("fill") if voting else group.get("stroke")
        assert ink == seats[party]["colour"]
        drawn[party] += len(group.findall("circle"))
    assert drawn == {party: row["seats"] for party, row in seats.items()}
    assert drawn.total() == report["n_seats"]
    hollow = [c for g in groups if "not-voting" in (g.get("class") or "") for c in g]
    assert sum(c.tag == "circle" for c in hollow) == report["n_seats"] - report["n_voting"]
    # the command's chart: the same voting members in the same order and colours
    election = psephos.load(source) if source else None
    house = govern(election or {p: r["seats"] for p, r in seats.items()}).house
    figure = parliament_figure(house, title="House", election_id=source)
    (voting_dots,) = [c for c in figure.axes[0].collections if c.get_gid() == "voting"]
    expected = [to_hex(colour).upper() for colour in voting_dots.get_facecolors()]
    plt.close(figure)
    voters = [g for g in groups if "not-voting" not in (g.get("class") or "")]
    assert [str(g.get("fill")).upper() for g in voters for _ in g.findall("circle")] == expected
    # the majority line: the working threshold of voting members lie to its left (the half
    # circle's centre: between its two ends, on its base line)
    every = np.array([[float(c.get("cx", 0)), float(c.get("cy", 0))] for c in svg.iter("circle")])
    centre_x, centre_y = (every[:, 0].min() + every[:, 0].max()) / 2, every[:, 1].max()
    line = svg.find("polyline")
    assert line is not None
    points = np.array([[float(v) for v in p.split(",")] for p in line.get("points", "").split()])
    line_r = np.hypot(points[:, 0] - centre_x, centre_y - points[:, 1])
    line_angle = np.arctan2(centre_y - points[:, 1], points[:, 0] - centre_x)
    dots = np.array(
        [[float(c.get("cx", 0)), float(c.get("cy", 0))] for g in voters for c in g.iter("circle")]
    )
    radius = np.hypot(dots[:, 0] - centre_x, centre_y - dots[:, 1])
    angle = np.arctan2(centre_y - dots[:, 1], dots[:, 0] - centre_x)
    assert (angle > np.interp(radius, line_r, line_angle)).sum() == report["working_threshold"]
    # the threshold is the votes a working majority needs; "working majority" alone is the
    # margin, as in the arrangements' sentences and column
    assert f"{report['working_threshold']:,} votes needed for a working majority" in page.text
    assert f"working majority {report['working_threshold']:,}" not in page.text


def test_a_house_too_large_to_draw_is_counted_not_drawn(client: TestClient) -> None:
    """Seats given by hand may make any House: past MAX_DIAGRAM_SEATS the page says so and
    draws nothing (millions of dots would be no picture, and no light page)."""
    seats = f"Con {MAX_DIAGRAM_SEATS}, Lab 1"
    size = str(MAX_DIAGRAM_SEATS + 1)  # a House of UK parties above 650 is given its size
    page = client.get("/coalitions", params={"election": "", "seats": seats, "house_size": size})
    assert page.status_code == 200
    assert 'id="coalition-house"' not in page.text and "<circle" not in page.text
    assert f"A House of {MAX_DIAGRAM_SEATS + 1:,} seats is not drawn" in page.text
    drawn = client.get(
        "/coalitions",
        params={
            "election": "",
            "seats": f"Con {MAX_DIAGRAM_SEATS}",
            "house_size": str(MAX_DIAGRAM_SEATS),
        },
    )
    assert len(_house_svg(drawn.text).findall(".//circle")) == MAX_DIAGRAM_SEATS


@pytest.mark.parametrize("election", ["2024", "canada-2021"])
def test_the_house_words_stand_under_its_dots(client: TestClient, election: str) -> None:
    """The House's seats and the votes a working majority needs are written under the half
    circle, in room the picture keeps for them (in its middle a phone's larger words ran into
    the dots)."""
    svg = _house_svg(client.get("/coalitions", params={"election": election}).text)
    height = float(svg.get("viewBox", "").split()[3])
    base_line = max(float(c.get("cy", "nan")) for c in svg.iter("circle"))
    words = svg.findall("text")
    assert len(words) == 2 and str(words[1].text).endswith(" votes needed for a working majority")
    for word in words:
        assert float(word.get("y", "nan")) >= base_line - 0.5  # coordinates to 0.1 units
        assert str(word.get("dy")).endswith("em")
    assert height >= base_line + HOUSE_WORDS_ROOM


def test_ticked_government_is_assessed_in_the_house_the_report_shows(client: TestClient) -> None:
    """Ticking a government draws the Deputy Speakers with it as the government side (the form's
    blank side) for the whole page: the ticked arrangement's row in the report, the sentence
    and ``psephos govern --coalition ... --government-side ...`` give one answer."""
    bloc = ["Lab", "SNP", "LD", "PC", "Green"]
    body = client.get("/api/coalitions", params={"election": "2017", "government": bloc}).json()
    expected = _govern("2017", "--coalition", "+".join(bloc), "--government-side", ",".join(bloc))
    assert body["report"] == expected
    rows = [row for row in expected["arrangements"] if row["government"] == " + ".join(bloc)]
    assert rows and body["assessment"] == rows[0]
    votes, threshold = body["assessment"]["votes"], body["assessment"]["threshold"]
    assert f"({votes} voting, {threshold} needed, {threshold - votes} short" in body["sentence"]


def test_seats_given_name_parties_as_the_command_does(client: TestClient) -> None:
    """Seats given name a party by the one label, on the page's seats, in the twin's report and
    in ``psephos govern --seats``'s (the vocabulary's, as any election psephos does not
    bundle)."""
    seats = "Con 290, Lab 260, Reform 40, LD 30, SNP 20, Other 9, Speaker 1"
    body = client.get("/api/coalitions", params={"seats": seats, "government": ["Con"]}).json()
    assert body["report"] == _govern("--seats", seats, "--government-side", "Con")
    label = body["seats"]["Reform"]["party_label"]
    power = {row["party"]: row["party_label"] for row in body["report"]["power"]}
    assert power["Reform"] == label
    partners = [row["coalition"] for row in body["report"]["partners_of_largest"]]
    assert f"Con + {label}" in partners


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        (f"Con {10**20}, Lab 262", f"makes a House of {10**20 + 262:,} seats"),
        (f"Con {MAX_GIVEN_SEATS}, Lab 1", f"makes a House of {MAX_GIVEN_SEATS + 1:,} seats"),
    ],
)
def test_a_house_given_by_hand_too_large_to_count_is_refused(
    client: TestClient, seats: str, message: str
) -> None:
    """Huge seat counts are refused with a message naming the field (they were a 500: an
    integer too large for the count, tables past the memory), on the page as in the JSON."""
    params = {"election": "", "seats": seats}
    answer = client.get("/api/coalitions", params=params)
    assert answer.status_code == 400 and message in answer.json()["detail"]
    assert answer.json()["detail"].startswith(f"seats {seats!r}")
    page = client.get("/coalitions", params=params)
    assert page.status_code == 400 and message in html.unescape(page.text)
    largest = f"Con {MAX_GIVEN_SEATS - 2}, Lab 1"
    counted = client.get(
        "/api/coalitions",
        params={"election": "", "seats": largest, "house_size": str(MAX_GIVEN_SEATS - 1)},
    )
    assert counted.status_code == 200 and counted.json()["report"]["n_seats"] == MAX_GIVEN_SEATS - 1


def test_a_house_of_thousands_of_independents_is_counted(client: TestClient) -> None:
    """Independents count within the seat limit, each a player of its own: a House of the
    largest size, most of it independents, is counted (it was refused past 200 independents,
    and past about a thousand the voting-power count overflowed to NaN)."""
    independents = MAX_GIVEN_SEATS // 2
    seats = f"Con {MAX_GIVEN_SEATS // 4}, Lab {MAX_GIVEN_SEATS // 4}, Ind {independents}"
    params = {"election": "", "seats": seats, "house_size": str(MAX_GIVEN_SEATS)}
    answer = client.get("/api/coalitions", params=params)
    assert answer.status_code == 200
    report = answer.json()["report"]
    assert report["n_seats"] == MAX_GIVEN_SEATS
    power = {row["party"]: row for row in report["power"]}
    assert power["Ind"]["votes"] == independents
    for index in ("banzhaf_pct", "shapley_shubik_pct"):
        assert sum(row[index] for row in report["power"]) == pytest.approx(100)
        # each party (its Deputy Speakers aside) outweighs any one independent
        assert min(power["Con"][index], power["Lab"][index]) > power["Ind"][index] / independents
        assert power["Ind"][index] > 0


@pytest.mark.parametrize(
    ("params", "status"),
    [
        # the Election menu changed to Canada with the UK's parties still ticked
        ({"election": "canada-2021", "government": "Lab", "supporters": "SNP", "limit": "5"}, 404),
        ({"election": "", "seats": "Con 300 Lab lots", "coalition": "Con+LD"}, 400),
    ],
)
def test_coalition_page_says_a_refusal_above_the_form_it_keeps(
    client: TestClient, params: dict[str, str], status: int
) -> None:
    """An input the library refuses is said above the form, with the JSON twin's status and
    message, and the form keeps what was typed (not an error page without the form)."""
    twin = client.get("/api/coalitions", params=params)
    page = client.get("/coalitions", params=params)
    assert twin.status_code == page.status_code == status
    assert page_error(page.text, "coalition") == twin.json()["detail"]
    assert page.text.index('id="coalition-error"') < page.text.index('id="coalition-form"')
    assert f'<option value="{params["election"]}" selected>' in page.text
    for name in ("government", "supporters"):
        if name in params:
            assert re.search(rf'name="{name}" value="{params[name]}"[^>]* checked>', page.text)
    if "seats" in params:
        assert f'value="{params["seats"]}"' in page.text
        assert f">{params['coalition']}</textarea>" in page.text
    if "limit" in params:
        limit = re.search(r'<input name="limit"[^>]*value="(\d*)"', page.text)
        assert limit is not None and limit.group(1) == params["limit"]


@pytest.mark.parametrize("election", ["2024", "2017"])
def test_the_largest_party_s_partner_sets_say_when_it_needs_none(
    client: TestClient, election: str
) -> None:
    # the section said only "None." when the largest party commanded the House on its own
    report = govern(psephos.load(election)).to_dict()
    label = report["largest_party_label"]
    page = client.get("/coalitions", params={"election": election}).text
    section = page.split(f"Minimal partner sets for {label}</h2>", 1)[1].split("<h2>", 1)[0]
    assert "None." not in section
    alone = report["arrangements"][0]
    assert (alone["government"], alone["supporters"]) == (report["largest_party"], "")
    if alone["commands_house"]:
        assert not report["partners_of_largest"]
        assert f"{label} needs no partners: it commands the House on its own." in section
    else:
        assert report["partners_of_largest"] and 'id="coalition-partners"' in section


@pytest.mark.parametrize("election_id", ["canada-2021", "2024"])
def test_the_coalition_forms_examples_name_the_elections_parties(
    client: TestClient, election_id: str
) -> None:
    # a Canadian election's boxes read "Con+LD", "Con:DUP" and "SF" (SF abstains in the UK)
    page = client.get("/coalitions", params={"election": election_id}).text
    found = re.findall(r'<(?:input|textarea) name="([a-z_]+)"[^>]*?placeholder="([^"]*)"', page)
    examples = {name: html.unescape(text) for name, text in found if name != "seats"}
    assert {"coalition", "confidence_supply", "government_side", "abstain"} <= examples.keys()
    parties = set(psephos.load(election_id).parties)
    known = set(psephos.load("2024").parties) | set(psephos.load("canada-2021").parties)
    words = {word for text in examples.values() for word in re.split(r"[\s,+:]+", text)}
    assert (words & known) - parties == set()
    assert set(re.split(r"[\s+]+", examples["coalition"])) <= parties


def test_the_arrangements_say_what_a_working_majority_is_as_the_command_s_legend(
    client: TestClient,
) -> None:
    """A negative working majority (Con alone in 2017, -7) is explained under the table in the
    words of ``psephos govern``'s legend."""
    from html import unescape

    from psephos.columns import column_meaning

    page = client.get("/coalitions", params={"election": "2017"}).text
    assert '<td class="num">-7</td>' in page.split('id="coalition-arrangements"')[1]
    legend = page.split('id="coalition-arrangements-legend">')[1].split("</p>")[0]
    assert unescape(legend) == f"Working majority: {column_meaning('working_majority')}."


def test_a_tie_for_the_largest_party_is_a_note_on_the_page_and_in_the_json(
    client: TestClient,
) -> None:
    """The builder says, as the command does, which tied party it took as the government side,
    naming its own field."""
    params = {"election": "", "seats": "Lab 300, Con 300", "house_size": "600"}
    notes = client.get("/api/coalitions", params=params).json()["report"]["notes"]
    (note,) = [note for note in notes if "tie for the largest party" in note]
    assert "Con and Lab tie for the largest party on 300 seats" in note
    assert note.endswith("give the government side (government_side) to take another.")
    assert note in html.unescape(client.get("/coalitions", params=params).text)


def test_what_is_assumed_of_seats_given_is_noted_naming_the_pages_fields(
    client: TestClient,
) -> None:
    """The builder notes, as ``psephos govern --seats`` does, a UK House given without its
    Speaker and the Deputy Speakers taken from a House of another size, naming its fields."""
    seats = {"election": "", "seats": "Lab 300, Con 200, LD 60", "house_size": "560"}
    notes = client.get("/api/coalitions", params=seats).json()["report"]["notes"]
    assert notes[0].startswith("seats gives no Speaker: the UK House always has one")
    assert notes[1].endswith(
        "give deputies_government 0 deputies_opposition 0 for a House without them."
    )
    own = {"election": "", "seats": "A 40, B 35, C 25", "house_size": "100"}
    report = client.get("/api/coalitions", params=own).json()["report"]
    assert report["deputy_speakers"] == {} and not report["left_right_known"]
    assert [note.split(",")[0] for note in report["notes"]] == [
        "psephos knows no left-right order of these parties"
    ]


def test_the_house_caption_says_which_parties_sit_off_the_left_right_order(
    client: TestClient,
) -> None:
    """The diagram's caption names Canada's Bloc as off the order, as the chart's subtitle
    does, instead of "from left to right" over a Bloc drawn right of the CPC."""
    canada = client.get("/coalitions", params={"election": "canada-2021"}).text
    caption = canada.split('id="coalition-house-caption">', 1)[1].split("<ul", 1)[0]
    assert caption.startswith("The House from left to right, then off the left-right order: BQ")
    uk = client.get("/coalitions", params={"election": "2024"}).text
    assert 'id="coalition-house-caption">The House from left to right, one dot' in uk


def test_a_coalition_with_a_party_that_won_no_seats_is_assessed_with_a_note(
    client: TestClient,
) -> None:
    """``coalition=Lab+SNP+LD+PC+Green+SDLP`` on 2017 was refused whole (the SDLP won no
    seats): assessed, with the command's note."""
    params = {"election": "2017", "coalition": "Lab+SNP+LD+PC+Green+SDLP"}
    answer = client.get("/api/coalitions", params=params)
    assert answer.status_code == 200, answer.text
    assert "SDLP won no seats in 2017; counted with 0." in answer.json()["report"]["notes"]
