"""Forecast page and its JSON twin (:mod:`psephos.forecast`)."""

from __future__ import annotations

import re
import warnings
from html import unescape
from pathlib import Path
from unittest.mock import ANY

import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from test_web_crawl import form_url, parse_page
from web_helpers import poll_box

import psephos
from cli_helpers import command_json
from psephos import jurisdictions
from psephos.forecast import forecast, no_majority_sentence
from psephos.forecast.calibration import poll_error_model
from psephos.projection import project, read_poll

POLL = "Lab 30 Con 20 Reform 25 LD 12 Green 8"


def test_forecast_twin_matches_the_library(client: TestClient) -> None:
    body = client.get("/api/forecast", params={"poll": POLL}).json()
    base = psephos.load("2024")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # each party's strongest candidate's shares, as the command reads a projection
        shares = project(base, POLL, model=body["model"]).contest_shares()
    expected = forecast(
        base, shares, error_model=poll_error_model(), n_sims=2000, seed=20240704, n_threads=1
    )
    assert body["n_sims"] == 2000 and body["base"] == "2024"
    assert body["p_hung"] == round(float(expected.p_hung), 4)
    assert body["no_majority_sentence"] == no_majority_sentence(base, expected.p_hung)
    rows = {row["party"]: row for row in body["parties"]}
    assert rows["Lab"]["low_90"] <= rows["Lab"]["seats_mean"] <= rows["Lab"]["high_90"]
    assert rows["Lab"]["seats_mean"] == round(expected.expected_seats["Lab"], 1)
    again = client.get("/api/forecast", params={"poll": POLL}).json()
    assert again == body  # fixed seed: the same poll, the same answer


def test_the_page_says_the_chance_of_no_majority_as_the_command_does(client: TestClient) -> None:
    """The page's line is the first the command prints under its table for the same forecast
    (2,000 simulations, the page's seed), to one decimal place: one sentence, one place."""
    page = client.get("/forecast", params={"poll": POLL}).text
    shown = page.split('id="forecast-hung" class="lede">')[1].split("</p>")[0]
    answer = command_json(
        *("forecast", "--from", "2024", "--poll", POLL, "--model", "national"),
        *("--sims", "2000", "--seed", "20240704", "--threads", "1"),
    )
    assert unescape(shown) == answer["headline"][0]
    assert re.fullmatch(r"Hung parliament: \d+\.\d% chance \(326 seats for a majority\)", shown)


def test_the_chance_of_no_majority_is_the_same_number_in_the_command_and_the_twin(
    client: TestClient,
) -> None:
    """``psephos forecast -f json`` gave ``p_hung`` unrounded (0.4285714285714286 of 7
    simulations) where ``/api/forecast`` gave it to four places: one builder gives both
    (:meth:`psephos.forecast.ForecastResult.no_majority`), as the party rows' chances."""
    poll, sims, seed = "Lab 31 Con 30 Reform 15 LD 12 Green 6", 7, 5
    answer = command_json(
        *("forecast", "--from", "2024", "--poll", poll, "--model", "national"),
        *("--sims", str(sims), "--seed", str(seed), "--threads", "1"),
    )
    twin = client.get(
        "/api/forecast",
        params={"base": "2024", "poll": poll, "model": "national", "sims": sims, "seed": seed},
    ).json()
    assert answer["p_hung"] == twin["p_hung"] == round(answer["p_hung"], 4)
    assert round(answer["p_hung"] * sims) not in (0, sims)  # a chance with more than 4 places
    assert answer["no_majority_sentence"] == twin["no_majority_sentence"] == answer["headline"][0]


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


def test_the_seats_chart_names_parties_as_the_table_does(client: TestClient) -> None:
    """The chart's labels are the table's party labels (Reform UK in 2024), not the codes."""
    body = client.get("/api/forecast", params={"poll": POLL}).json()
    page = client.get("/forecast", params={"poll": POLL}).text
    chart = page.split('id="forecast-chart"')[1].split("</svg>")[0]
    labels = re.findall(r'class="chart-label">([^<]*)<', chart)
    assert labels == [row["party_label"] for row in body["parties"]][: len(labels)]
    assert "Reform UK" in labels and "Reform" not in labels


def test_the_likeliest_governments_name_parties_as_the_table_does(client: TestClient) -> None:
    """A 2015 forecast's governments name UKIP as the table does: the list read 'Con + Reform
    + DUP' beside a table that said UKIP."""
    params = {"base": "2015", "poll": "Con 37 Lab 31 UKIP 13 LD 8"}
    body = client.get("/api/forecast", params=params).json()
    options = body["government_options"]
    assert any("Reform" in o["parties"] for o in options)
    assert all(
        o["party_labels"] == [{"Reform": "UKIP"}.get(p, p) for p in o["parties"]] for o in options
    )
    page = client.get("/forecast", params=params).text
    governments = page.split("Most likely governments")[1].split("</ul>")[0]
    assert "UKIP" in governments and "Reform" not in governments


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
    # the page's seat table too: the twin link asks for its rows
    assert twin == client.get("/api/forecast", params={**params, "seats": "true"}).json()


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


def _sent(text: str) -> str:
    """The URL the page's poll form opens, submitted as it stands."""
    form = next(form for form in parse_page(text).forms if form.action == "/forecast")
    url = form_url(form, "/forecast")
    assert url is not None
    return url


def _menus(text: str) -> list[tuple[list[str], list[str]]]:
    """Each Base election menu of the page: its values, and those selected."""
    found = []
    for menu in re.findall(r'<select name="base">(.*?)</select>', text, flags=re.S):
        found.append(
            (
                re.findall(r'<option value="([\w-]+)"', menu),
                re.findall(r'<option value="([\w-]+)" selected', menu),
            )
        )
    return found


@pytest.mark.parametrize(
    ("base", "poll"), [("canada-2021", "CPC 34 LPC 30"), ("canada-2019", ""), ("2017", "")]
)
def test_both_forms_offer_every_country_s_elections_the_answered_one_chosen(
    client: TestClient, base: str, poll: str
) -> None:
    """The forecast takes any bundled election (as ``psephos forecast --from``), so the poll
    form's menu lists every country's, the answered base chosen, and the poll table form
    carries that base: the form sent again forecasts the same base, not the UK's newest."""
    page = client.get("/forecast", params={"base": base, "poll": poll})
    assert page.status_code == 200, page.text
    every = [
        key for country in jurisdictions.JURISDICTIONS.values() for key in country.election_ids
    ]
    menus = _menus(page.text)
    assert len(menus) == 1  # the poll form's: the poll table form carries its choice
    for values, selected in menus:
        assert sorted(values) == sorted(every)
        assert selected == [base]
    table_form = page.text.split('id="poll-table-form"')[1].split("</form>")[0]
    assert f'type="hidden" name="base" value="{base}"' in table_form
    again = client.get(_sent(page.text))
    assert again.status_code == 200, again.text
    assert _menus(again.text)[0][1] == [base]
    assert (
        client.get("/api/forecast", params={"base": base, "poll": poll}).json()
        == client.get(_sent(page.text).replace("/forecast", "/api/forecast")).json()
    )


@pytest.mark.parametrize("base", ["2024", "canada-2021"])
def test_the_poll_and_area_examples_are_the_base_s_country_s(client: TestClient, base: str) -> None:
    """The poll box's and area shares box's placeholders name the chosen election's country's
    parties and one of its areas, so a Canadian form shows a Canadian poll; each reads as the
    forecast reads it."""
    page = unescape(client.get("/forecast", params={"base": base}).text)
    country, _ = jurisdictions.for_election_id(base)
    poll = poll_box(page)[1]  # the whole example, under the box
    read = read_poll(poll, parties=psephos.load(base).parties, election_id=base)
    assert set(read) <= set(country.poll_parties)
    areas = re.search(r'name="areas"[^>]*placeholder="([^"]+)"', page)
    assert areas is not None
    header, *rows = areas[1].splitlines()
    assert header == "area,party,share" and rows
    named = {row.split(",")[0] for row in rows}
    current = psephos.load(base)
    assert named <= {*current.regions.tolist(), *current.nations.tolist()}
    assert {row.split(",")[1] for row in rows} <= set(current.parties)
    answer = client.get("/api/forecast", params={"base": base, "poll": poll, "areas": areas[1]})
    assert answer.status_code == 200, answer.text
    assert sorted(answer.json()["areas"]) == sorted(named)


def test_the_forecast_pages_say_what_the_90_range_is_as_the_command_s_legend(
    client: TestClient,
) -> None:
    """The forecast's and the swingometer's "90% range" are the command's ``low_90`` and
    ``high_90``, in the same words."""
    from psephos.columns import column_meaning

    said = f"90% range: from {column_meaning('low_90')} to {column_meaning('high_90')}."
    pages = {
        "forecast-legend": client.get("/forecast", params={"poll": POLL}),
        "swing-forecast-legend": client.get("/swingometer", params={"forecast": "true"}),
    }
    for legend, page in pages.items():
        assert page.status_code == 200
        assert unescape(page.text.split(f'id="{legend}">')[1].split("</p>")[0]) == said


@pytest.mark.parametrize(
    ("base", "poll"),
    [
        ("2024", "Reform 27 Lab 25 Con 18 LD 14 Green 10"),
        ("canada-2021", "CPC 44 LPC 25 NDP 18 BQ 7"),
    ],
)
def test_the_swingometer_s_forecast_is_the_forecast_page_s(
    client: TestClient, base: str, poll: str
) -> None:
    """The same poll gives the same chances on the swingometer (forecast ticked) as on the
    forecast page: one error model, one seed (the one ``psephos forecast`` uses)."""
    swing = client.get(
        "/api/swingometer", params={"base": base, "poll": poll, "forecast": "true"}
    ).json()["forecast"]
    page = client.get("/api/forecast", params={"base": base, "poll": poll}).json()
    assert swing["p_hung"] == page["p_hung"]
    assert swing["no_majority_sentence"] == page["no_majority_sentence"]
    assert swing["parties"] == page["parties"]


def test_the_forecast_page_writes_chances_as_the_command_s_table(client: TestClient) -> None:
    """The page's Majority, Working majority and Largest party columns are the command's
    ``p_majority``, ``p_working_majority`` and ``p_largest`` in the same words
    (:func:`psephos.numbers.one_in`: "effectively zero", never "0%"), and the working majority,
    which the governments list counts by, is said in the command's words."""
    from psephos.columns import column_meaning
    from psephos.numbers import one_in

    page = client.get("/forecast", params={"poll": POLL}).text
    body = client.get("/api/forecast", params={"poll": POLL}).json()
    table = page.split('id="forecast-table"')[1].split("</table>")[0]
    header = re.findall(r"<th[^>]*>(.*?)</th>", table)
    assert header[3:] == ["Majority", "Working majority", "Largest party"]
    rows = [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        if "<td" in row
    ]
    assert [row[3:] for row in rows] == [
        [one_in(party[key]) for key in ("p_majority", "p_working_majority", "p_largest")]
        for party in body["parties"]
    ]
    assert "effectively zero" in {cell for row in rows for cell in row}
    assert not {cell for row in rows for cell in row} & {"0%", "100%"}
    said = page.split('id="forecast-working-legend">')[1].split("</p>")[0]
    assert unescape(said) == f"Working majority: {column_meaning('p_working_majority')}."


def test_pages_about_the_next_election_name_a_party_as_the_commands_do(
    client: TestClient,
) -> None:
    """From the 2019 notional base the forecast and swingometer twins name the Reform code as
    the election after it does, "Reform UK", as ``psephos project`` and ``psephos forecast``
    do (they gave the base's "Brexit Party")."""
    params = {"base": "2019-notional-2024", "poll": "Lab 35 Con 24 Reform 15"}
    forecast_body = client.get("/api/forecast", params=params).json()
    swing = client.get("/api/swingometer", params={**params, "forecast": "true"}).json()
    projected = command_json("project", "--from", params["base"], "--poll", params["poll"])
    for rows in (forecast_body["parties"], swing["seats"], swing["forecast"]["parties"]):
        assert {row["party_label"] for row in rows if row["party"] == "Reform"} == {"Reform UK"}
    assert {row["party_label"] for row in projected["rows"] if row["party"] == "Reform"} == {
        "Reform UK"
    }


#: The consistency audit's question: the page's rounded expected seats added up to 651 of 650.
AUDIT = {"base": "2019-notional-2024", "poll": "Lab 40 Con 24 Reform 15 LD 11 Green 6"}


def _command(*options: str) -> dict[str, object]:
    """``psephos forecast`` on the audit's poll, with ``options`` (``--sims``, ``--seed``)."""
    return command_json(
        *("forecast", "--from", AUDIT["base"], "--poll", AUDIT["poll"], "--model", "national"),
        *options,
    )


def _cells(page: str, table_id: str, column: int) -> list[str]:
    """One column of a page's table, as text."""
    table = page.split(f'id="{table_id}"')[1].split("</table>")[0]
    return [
        unescape(re.sub(r"<[^>]+>", "", cells[column])).strip()
        for row in re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)
        if (cells := re.findall(r"<td[^>]*>(.*?)</td>", row))
    ]


def test_the_expected_seats_are_the_command_s_to_one_decimal(client: TestClient) -> None:
    """The forecast page's and the swingometer's Expected column is the command's
    ``seats_mean``, one decimal, not each party rounded on its own (403, 141, ... which made
    651 seats of 650 beside the command's 402.9, 141.3)."""
    command = _command("--sims", "2000", "--seed", "20240704")
    expected = [f"{row['seats_mean']:.1f}" for row in command["rows"]]  # type: ignore[index]
    page = client.get("/forecast", params=AUDIT).text
    assert _cells(page, "forecast-table", 1) == expected
    swing = client.get("/swingometer", params={**AUDIT, "forecast": "true"}).text
    assert _cells(swing, "swing-forecast", 1) == expected


def test_the_forecast_takes_the_command_s_seed_and_simulations(client: TestClient) -> None:
    """``seed`` and ``sims`` are the command's ``--seed`` and ``--sims``: the twin gives the
    command's numbers and records both, as the command's JSON does; without them the page
    says which it used (2,000 simulations, seed 20240704), so the command can repeat it."""
    command = _command("--sims", "500", "--seed", "1")
    body = client.get("/api/forecast", params={**AUDIT, "sims": "500", "seed": "1"}).json()
    assert (body["n_sims"], body["seed"]) == (500, 1)
    assert body["p_hung"] == round(float(command["p_hung"]), 4)  # type: ignore[arg-type]
    assert [(row["party"], row["seats_mean"], row["p_majority"]) for row in body["parties"]] == [
        (row["party"], row["seats_mean"], row["p_majority"])
        for row in command["rows"]  # type: ignore[attr-defined]
    ]
    default = client.get("/api/forecast", params=AUDIT).json()
    assert (default["n_sims"], default["seed"]) == (2000, 20240704)
    page = client.get("/forecast", params={**AUDIT, "sims": "500", "seed": "1"}).text
    assert body["command"] in unescape(page)
    assert 'name="sims" type="number" min="2" max="20000" value="500"' in page
    twin = re.search(r'href="(/api/forecast\?[^"]+)"', page)
    assert twin is not None
    assert client.get(unescape(twin[1])).json() == {**body, "seats": ANY}
    blank = client.get("/api/forecast", params={**AUDIT, "sims": "", "seed": " "}).json()
    assert blank == default  # a box left blank is the default
    for refused in ({"sims": "1"}, {"sims": "20001"}, {"seed": "-1"}, {"seed": str(2**32)}):
        assert client.get("/api/forecast", params={**AUDIT, **refused}).status_code == 422


def test_the_likeliest_governments_are_worded_as_the_command_s_line(client: TestClient) -> None:
    """The page's list of likely governments says each as the command's governments line does
    (one wording: "Lab + SNP + PC: about 1 in 670", never "Lab+SNP+PC 0.1%" beside it)."""
    command = _command("--sims", "2000", "--seed", "20240704")
    line = command["headline"][1]  # type: ignore[index]
    said = line.removeprefix("Most likely governments (working majority): ").split("; ")
    page = client.get("/forecast", params=AUDIT).text
    listed = page.split("Most likely governments")[1].split("</ul>")[0]
    items = [unescape(item) for item in re.findall(r"<li>(.*?)</li>", listed)]
    assert items[: len(said)] == said and len(said) >= 3
    body = client.get("/api/forecast", params=AUDIT).json()
    assert [option["text"] for option in body["government_options"]] == items
    assert any("about 1 in" in item for item in items)
    assert all(re.fullmatch(r"[\w ]+( \+ [\w ]+)*: .+", item) for item in items)


def test_the_twin_gives_each_seat_s_favourite_as_the_command_s_seats(client: TestClient) -> None:
    """``seats=true`` adds ``psephos forecast --seats``'s rows (the seat's nation and region,
    its favourite and runner-up with their chances) from the same simulations; without it the
    answer has no seat rows."""
    command = _command("--sims", "500", "--seed", "1", "--seats")
    params = {**AUDIT, "model": "national", "sims": "500", "seed": "1"}
    plain = client.get("/api/forecast", params=params).json()
    assert "seats" not in plain
    body = client.get("/api/forecast", params={**params, "seats": "true"}).json()
    rows = body["seats"]
    assert len(rows) == 650
    assert rows == command["rows"]
    first = rows[0]
    assert set(first) >= {"code", "name", "nation", "region", "favourite", "p_favourite"}
    assert {"runner_up", "runner_up_label", "p_runner_up"} <= set(first)
    assert all(
        row["p_runner_up"] is None or row["p_runner_up"] <= row["p_favourite"] for row in rows
    )
    assert {key: value for key, value in body.items() if key != "seats"} == plain


def test_the_page_lists_each_seat_and_draws_the_seat_distributions(client: TestClient) -> None:
    """The page shows the seat table of ``--seats`` (each row marked with its region for the
    region menu) and the distributions ``--chart`` draws: a curve for each party that may win
    a sixth of the seats (Reform UK, expecting about 105 of 650, among them)."""
    params = {"base": "2024", "poll": "Lab 30 Con 22 Reform 25 LD 12 Green 8"}
    page = client.get("/forecast", params=params).text
    body = client.get("/api/forecast", params={**params, "seats": "true"}).json()
    table = page.split('id="forecast-seats"')[1].split("</table>")[0]
    rows = [
        [
            unescape(re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in re.findall(r"<tr data-region=[^>]*>(.*?)</tr>", table, flags=re.S)
    ]
    assert [row[0] for row in rows] == [row["name"] for row in body["seats"]]
    assert rows[0][2] == body["seats"][0]["favourite_label"]
    assert page.count('<tr data-region="Scotland" ') == sum(
        row["region"] == "Scotland" for row in body["seats"]
    )
    assert '<option value="Scotland">Scotland</option>' in page
    chart = page.split('id="forecast-distributions"')[1].split("</svg>")[0]
    drawn = re.findall(r'data-party="(\w+)"', chart)
    assert drawn == [p["party"] for p in body["distributions"]["parties"]]
    assert sorted(drawn) == ["Con", "Lab", "Reform"]
    assert f"majority {body['distributions']['majority']}" in chart


def test_the_twin_gives_the_command_s_projection_and_headline(client: TestClient) -> None:
    """``/api/forecast`` carries the ``projection`` the command's JSON has (model, target
    shares, each seat to its favourite) and its ``headline``, "Each seat to its favourite"
    among it, which the page shows under its table; around the base result, neither a
    projection nor that line."""
    command = _command("--sims", "2000", "--seed", "20240704")
    body = client.get("/api/forecast", params=AUDIT).json()
    # every key but the inputs the page does not take (its area shares are ``areas``)
    inputs = {"from_file", "poll_adjustment", "by_region", "candidates", "shape", "recommendations"}
    assert set(command) - set(body) == inputs
    assert body["projection"] == command["projection"]
    assert body["headline"] == command["headline"]
    favourites = body["headline"][-1]
    assert favourites.startswith("Each seat to its favourite (psephos project): Lab ")
    page = unescape(client.get("/forecast", params=AUDIT).text)
    assert favourites in page
    base = client.get("/api/forecast", params={"base": AUDIT["base"]}).json()
    assert base["projection"] is None and len(base["headline"]) == 2
    assert "Each seat to its favourite" not in client.get("/forecast").text


def _seat_rows(page: str) -> list[str]:
    """The seat table's seats, in the page's order (each row's first cell's sort value)."""
    table = page.split('id="forecast-seats"', 1)[1].split("</table>", 1)[0]
    return [
        unescape(name)
        for name in re.findall(
            r'<tr data-region="[^"]*"[^>]*>\s*<td data-sort-value="([^"]*)"', table
        )
    ]


def test_the_seat_table_sorts_by_a_column_with_or_without_a_script(client: TestClient) -> None:
    """Each heading of the seat table is a button asking for the page sorted by its column
    (``?sort=&order=``, sorted by the server, so without a script too), the column sorted by
    marked with ``aria-sort``; the JSON twin sorts its ``seats`` the same way when asked, and
    keeps the command's order when not."""
    plain = client.get("/api/forecast", params={"seats": "true"}).json()["seats"]
    asked = {"seats": "true", "sort": "p_favourite", "order": "desc"}
    twin = client.get("/api/forecast", params=asked).json()["seats"]
    chances = [seat["p_favourite"] for seat in twin]
    assert chances == sorted(chances, reverse=True) and chances != [s["p_favourite"] for s in plain]
    assert sorted(s["code"] for s in twin) == sorted(s["code"] for s in plain)
    by_region = client.get("/api/forecast", params={**asked, "sort": "region", "order": "asc"})
    regions = [seat["region"].casefold() for seat in by_region.json()["seats"]]
    assert regions == sorted(regions)

    page = client.get("/forecast", params={"sort": "p_favourite", "order": "desc"})
    assert page.status_code == 200
    assert _seat_rows(page.text) == [seat["name"] for seat in twin]
    headings = re.findall(r"<th[^>]*data-sort-column=\"(\w+)\"[^>]*>", page.text)
    assert headings == ["name", "region", "favourite", "p_favourite", "runner_up", "p_runner_up"]
    assert re.search(
        r'<th class="num" aria-sort="descending" data-sort-column="p_favourite">', page.text
    )
    assert page.text.count("aria-sort=") == 1
    # the sorted column's button asks for the other order, the others for ascending, each
    # sending the page's forecast again
    assert 'name="order" value="asc" class="sort-button">Chance<' in page.text
    assert '<details id="forecast-seats-details" open>' in page.text
    assert (
        'href="/api/forecast?base=2024&amp;seats=true&amp;sort=p_favourite&amp;order=desc"'
        in page.text
    )
    unsorted = client.get("/forecast").text
    assert "aria-sort=" not in unsorted and _seat_rows(unsorted) == [s["name"] for s in plain]

    twin_link = re.search(r'JSON: <a href="(/api/forecast\?[^"]*)"', page.text)
    assert twin_link is not None
    linked = client.get(unescape(twin_link[1])).json()["seats"]
    assert [seat["name"] for seat in linked] == _seat_rows(page.text)  # the table's rows
    assert 'href="/api/forecast?base=2024&amp;seats=true" data-sorted-by="forecast-seats"' in (
        unsorted
    )

    refused = client.get("/api/forecast", params={"sort": "colour"})
    assert refused.status_code == 422 and "one of name, region, favourite" in refused.text


def test_each_seat_row_carries_its_place_in_the_command_s_order(client: TestClient) -> None:
    """Every row of the sorted seat table carries its place in the command's order
    (``data-sort-index``), by which the page's script breaks ties as the server does: the
    server's order for a column is its value, then that place, ascending or descending."""
    plain = [seat["code"] for seat in client.get("/api/forecast?seats=true").json()["seats"]]
    page = client.get("/forecast", params={"sort": "favourite", "order": "desc"}).text
    table = page.split('id="forecast-seats"', 1)[1].split("</table>", 1)[0]
    placed = re.findall(r'data-sort-index="(\d+)">\s*<td[^>]*><a href="/seats/(\w+)\?', table)
    assert len(placed) == len(plain) == 650
    assert all(plain[int(place)] == code for place, code in placed)
    twin = client.get("/api/forecast?seats=true&sort=favourite&order=desc").json()["seats"]
    assert [code for _, code in placed] == [seat["code"] for seat in twin]
    # ties (every seat of the most common favourite) in the command's order, descending too
    labels = [seat["favourite_label"] for seat in twin]
    most = max(set(labels), key=labels.count)
    tied = [int(place) for (place, _), label in zip(placed, labels, strict=True) if label == most]
    assert tied == sorted(tied) and len(tied) > 100


def test_a_table_sort_breaks_ties_by_the_table_s_own_order() -> None:
    """:class:`TableSort` keeps rows alike in the column, and blank ones, in their own order,
    ascending or descending, comparing text in lower case (as the page's script does)."""
    from psephos.web.context import table_sort

    rows = [
        {"name": "b", "party": "Lab"},
        {"name": "a", "party": ""},
        {"name": "c", "party": "con"},
        {"name": "d", "party": "Lab"},
        {"name": "e", "party": "Con"},
    ]
    columns = {"party": "party"}
    ascending = table_sort(columns, "party", "asc").ranked(rows)
    assert [place for place, _ in ascending] == [2, 4, 0, 3, 1]
    descending = table_sort(columns, "party", "desc").ranked(rows)
    assert [place for place, _ in descending] == [0, 3, 2, 4, 1]
    assert table_sort(columns, None, None).ranked(rows) == list(enumerate(rows))


def test_the_command_the_page_names_repeats_its_forecast(
    client: TestClient, tmp_path: Path
) -> None:
    """The command the page says repeats its forecast gives the page's numbers: it names the
    base, the poll, the model and the area shares' file beside the simulations and seed (it
    said ``psephos forecast --sims 500 --seed 3``, which forecasts the 2024 result as it
    stands: Lab 411 seats expected, not the poll's)."""
    import shlex

    areas = "area,party,share\nScotland,SNP,34\nScotland,Lab,30\nScotland,Con,12\n"
    params = {
        "base": "2019-notional-2024",
        "poll": "Lab 30 Con 22 Reform 20 LD 13 Green 9 SNP 3 PC 1",
        "areas": areas,
        "model": "uniform",
        "sims": "300",
        "seed": "3",
    }
    body = client.get("/api/forecast", params=params).json()
    page = re.sub(r"<[^>]+>", "", unescape(client.get("/forecast", params=params).text))
    assert body["command"] in page
    assert "with the area shares saved as areas.csv" in page
    (tmp_path / "areas.csv").write_text(areas, encoding="utf-8")
    words = shlex.split(body["command"])
    assert words[:2] == ["psephos", "forecast"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        command = command_json(*words[1:])
    assert [(row["party"], row["seats_mean"], row["p_majority"]) for row in body["parties"]] == [
        (row["party"], row["seats_mean"], row["p_majority"])
        for row in command["rows"]  # type: ignore[attr-defined]
    ]


def test_the_page_links_the_coalition_builder_on_the_projection_s_seats(
    client: TestClient,
) -> None:
    """After a forecast of a poll, "who could govern" is one click away, as on the swingometer:
    the coalition builder on the projection's seats (each seat to its favourite, the seats of
    the line under the table), which the twin gives as ``govern_query``."""
    from urllib.parse import parse_qs

    body = client.get("/api/forecast", params={**AUDIT, "sims": "100", "seed": "1"}).json()
    given = parse_qs(body["govern_query"])["seats"][0]
    seats = {p: int(n) for p, n in re.findall(r"([A-Za-z]+)\s*=?\s*(\d+)", given)}
    assert seats == body["projection"]["seats"]
    page = client.get("/forecast", params={**AUDIT, "sims": "100", "seed": "1"}).text
    link = re.search(r'id="forecast-govern" href="([^"]+)"', page)
    assert link is not None
    builder = client.get(unescape(link[1]))
    assert builder.status_code == 200
    assert "Lab" in builder.text
    around_base = client.get("/api/forecast", params={"base": "2024", "sims": "100"}).json()
    assert around_base["govern_query"] is None
