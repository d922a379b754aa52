"""Tables read as they are drawn: a column of numbers (``td.num``, right-aligned) has its heading
over the numbers (``th.num``), and one cell holds one number, so a narrow column does not wrap it
onto two lines."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

#: Pages with the site's main tables, realistic inputs included.
PAGES = (
    "/elections/2024",
    "/elections/canada-2021",
    "/seats/E14001186",
    "/seats/E14001186/panel",
    "/marginals",
    "/marginals?election=canada-2021",
    "/targets",
    "/nearest?postcode=SW1A+1AA",
    "/tactical",
    "/tactical-audit",
    "/turnout?change=10&split_from=2019",
    "/advice?postcode=SW1A+1AA&prefer=Lab,LD,Green&against=Reform",
)


class _Tables(HTMLParser):
    """Each ``table.results``: its id, its headings' classes and its body rows' cells' classes."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[str], list[list[str]]]] = []
        self._in_table = False
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        classes = named.get("class") or ""
        if tag == "table" and "results" in classes.split():
            self._in_table = True
            self.tables.append((named.get("id") or "?", [], []))
        elif not self._in_table:
            return
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and not self._in_head:
            self.tables[-1][2].append([])
        elif tag in ("th", "td"):
            span = int(named.get("colspan") or 1)
            cells = self.tables[-1][1] if self._in_head else self.tables[-1][2][-1]
            cells.extend([classes] * span)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag == "thead":
            self._in_head = False


def _misaligned(html: str) -> list[str]:
    """Headings left-aligned over a column whose every cell is a right-aligned number."""
    parser = _Tables()
    parser.feed(html)
    found = []
    for table_id, heads, rows in parser.tables:
        rows = [row for row in rows if len(row) == len(heads)]
        for column, head in enumerate(heads):
            numbers = rows and all("num" in row[column].split() for row in rows)
            if numbers and "num" not in head.split():
                found.append(f"{table_id} column {column + 1}")
    return found


@pytest.mark.parametrize("path", PAGES)
def test_number_columns_have_their_headings_over_the_numbers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, path
    assert "table" in response.text, path
    assert _misaligned(response.text) == [], path


@pytest.mark.storage
def test_the_organisers_volunteer_list_heads_its_hours_over_them(
    organiser_client: tuple[TestClient, str],
) -> None:
    client, _ = organiser_client
    volunteer = {
        "name": "Grace Hopper",
        "email": "grace@example.org",
        "target_seat": "E14001137",
        "hours_per_week": 3,
        "consent": True,
    }
    assert client.post("/api/volunteers", json=volunteer).status_code == 201
    page = client.get("/organisers")
    assert page.status_code == 200
    assert "Grace Hopper" in page.text
    assert _misaligned(page.text) == []


def test_the_misalignment_check_finds_a_left_heading_over_numbers() -> None:
    html = (
        '<table class="results" id="t"><thead><tr><th>Seat</th><th>Votes</th></tr></thead>'
        '<tbody><tr><td>A</td><td class="num">1</td></tr></tbody></table>'
    )
    assert _misaligned(html) == ["t column 2"]
    assert _misaligned(html.replace("<th>Votes", '<th class="num">Votes')) == []


def test_the_nearest_marginals_give_majority_and_share_their_own_columns(
    client: TestClient,
) -> None:
    html = client.get("/nearest?postcode=SW1A+1AA").text
    parser = _Tables()
    parser.feed(html)
    (table,) = [t for t in parser.tables if t[0] == "nearest-table"]
    assert table[2], "no seats listed"
    assert len(table[1]) == len(table[2][0])
    # one number to a cell: "2,313 (4.68%)" in one cell wrapped in the narrow table on a phone
    assert "%)</td>" not in html.split('id="nearest-table"')[1]


@pytest.mark.storage
def test_a_saved_scenario_s_shares_are_headed_over_their_numbers(client: TestClient) -> None:
    """The shareable page of a saved poll: 'Share %' stood at its column's left, halfway
    across a wide screen from the shares."""
    payload = {"election": "2024", "shares_pct": {"Lab": 34, "Con": 24, "Reform": 15}}
    stored = client.post("/api/scenarios", json={"kind": "poll", "title": "t", "payload": payload})
    assert stored.status_code == 201, stored.text
    page = client.get(stored.json()["url"]).text
    assert 'class="num"' in page
    assert _misaligned(page) == []


class _NumberCells(HTMLParser):
    """Each ``table.results``: its id and the text of its body's number cells (``td.num``) by
    column, but for chances (``td.num.chance``), each written as every chance is
    (:func:`psephos.numbers.one_in`: ``99%``, ``99.9%``, ``about 1 in 2,500``), not at a
    column's shared places."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, dict[int, list[str]]]] = []
        self._column = -1
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        classes = (named.get("class") or "").split()
        if tag == "table" and "results" in classes:
            self.tables.append((named.get("id") or "?", {}))
        elif tag == "tr":
            self._column = -1
        elif tag in ("th", "td") and self.tables:
            self._column += int(named.get("colspan") or 1)
            if tag == "td" and "num" in classes and "chance" not in classes:
                self._cell = []
                self.tables[-1][1].setdefault(self._column, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None:
            self.tables[-1][1][self._column][-1] = "".join(self._cell).strip()
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


_NUMBER = re.compile(r"[+\-−]?[\d,]*\.?\d+%?")


def _mixed_places(html: str) -> list[str]:
    """Number columns written at more than two numbers of decimal places. One column's rule
    (:func:`psephos.numbers.format_column`) writes its numbers at the spec's places and those
    too small for them at one number of places of their own, never ``-0.01`` beside ``+0.0038``
    under ``+1.6``, as a cell formatted on its own does."""
    parser = _NumberCells()
    parser.feed(html)
    found = []
    for table_id, columns in parser.tables:
        for column, texts in columns.items():
            numbers = [text for text in texts if _NUMBER.fullmatch(text)]
            places = {len(text.rstrip("%").partition(".")[2]) for text in numbers}
            if len(places) > 2:
                found.append(f"{table_id} column {column + 1}: {numbers}")
    return found


#: Pages whose tables have columns of shares, changes and chances, small ones among them.
NUMBER_PAGES = (
    *PAGES,
    "/elections/2019",
    "/seats/E14000639?election=2019",
    "/forecast?poll=Lab+30+Con+20+Reform+25+LD+12+Green+9",
    "/swingometer?Lab=30&Con=20&Reform=25&LD=12&Green=9&forecast=true",
    "/systems",
    "/pacts",
    "/coalitions",
)


@pytest.mark.parametrize("path", NUMBER_PAGES)
def test_a_number_column_shares_its_decimal_places(client: TestClient, path: str) -> None:
    # 2024's share changes were written one by one: '+1.6', '-0.01' and '+0.0038' in a column
    response = client.get(path)
    assert response.status_code == 200, path
    assert 'td class="num' in response.text, path
    assert _mixed_places(response.text) == [], path


def test_the_mixed_places_check_finds_a_column_at_three_numbers_of_places() -> None:
    rows = "".join(f'<tr><td>A</td><td class="num">{t}</td></tr>' for t in ("+1.6", "-0.01"))
    html = f'<table class="results" id="t"><tbody>{rows}</tbody></table>'
    assert _mixed_places(html) == []
    tiny = '<tr><td>B</td><td class="num">+0.0038</td></tr>'
    assert _mixed_places(html.replace("</tbody>", tiny + "</tbody>")) == [
        "t column 2: ['+1.6', '-0.01', '+0.0038']"
    ]
