"""The charts' shared layout (psephos.web.charts) and the pages that draw with it."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from markupsafe import Markup

from psephos.web.charts import SeatBars, SeatCurves, chart_box

BARS = SeatBars(n_rows=3, full_scale=650)


def test_a_seat_bar_chart_is_laid_out_from_its_rows_and_scale() -> None:
    """Three rows are 3 x 22 + 10 units tall in a box 550 wide; 650 seats reach the bars' end
    and 325 their middle."""
    assert BARS.height == 76
    assert BARS.box() == chart_box(550, 76)
    assert BARS.y(2) == 44
    assert BARS.x(0) == 120 and BARS.x(650) == 500 and BARS.x(325) == 310
    assert BARS.tick_x(325) == 309
    assert BARS.length(650) == 380 and BARS.length(0, minimum=2) == 2
    assert BARS.end(325) == 310


@pytest.mark.parametrize(
    ("seats", "line_x", "expected"),
    [
        (100, 400.0, 120 + 58.5 + 5),  # far from the line: just past the bar
        (300, 300.0, 300.0 + 5),  # the line crosses the count: just past the line
        (300, 294.4, 294.4 + 5),  # the line a unit inside the bar's end
        (300, 336.5, 120 + 175.4 + 5),  # just clear of three digits
    ],
)
def test_a_seat_count_stands_clear_of_the_majority_line(
    seats: int, line_x: float, expected: float
) -> None:
    """A count that would run into the majority line (12 units a digit) starts past it."""
    assert BARS.value_x(seats, line_x) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("path", "chart"),
    [
        ("/elections/2024", 'aria-label="Seats by party"'),
        ("/forecast?poll=Lab+30+Con+20+Reform+25+LD+12+Green+8", 'id="forecast-chart"'),
        ("/exit-poll", 'id="exitpoll-chart"'),
    ],
)
def test_the_seat_bar_charts_share_one_layout(client: TestClient, path: str, chart: str) -> None:
    """The seats-won, forecast and exit-poll charts are each SeatBars.WIDTH wide, one row of
    ROW_HEIGHT per party, names left of LABEL_WIDTH and every bar within the bars' column
    (each template repeated the numbers)."""
    page = client.get(path).text
    svg = re.search(r'<svg class="chart"[^>]*' + chart + r"[^>]*>(.*?)</svg>", page, re.DOTALL)
    assert svg is not None, path
    box = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', svg.group(0))
    assert box is not None
    labels = re.findall(r'<text x="0" y="([0-9]+)" class="chart-label">', svg.group(1))
    assert labels, path
    assert float(box.group(1)) == SeatBars.WIDTH
    assert float(box.group(2)) == len(labels) * SeatBars.ROW_HEIGHT + SeatBars.BOTTOM
    assert [int(y) for y in labels] == [i * SeatBars.ROW_HEIGHT + 16 for i in range(len(labels))]
    for x, width in re.findall(r'<rect x="([0-9.]+)"[^>]*width="([0-9.]+)"', svg.group(1)):
        start, end = float(x), float(x) + float(width)
        right = SeatBars.LABEL_WIDTH + SeatBars.BAR_LENGTH
        assert SeatBars.LABEL_WIDTH - 1 <= start <= end <= right + 2, (path, x, width)
    # every position is written to a tenth of a unit, as SeatBars rounds them: the forecast's
    # majority line was drawn at x="310.5846153846154"
    for attribute, value in re.findall(r'\b(x|x1|x2|cx|width)="([0-9.]+)"', svg.group(1)):
        assert re.fullmatch(r"[0-9]+(\.[0-9])?", value), (path, attribute, value)


def _range_bars(app: FastAPI, *args: object, **kwargs: object) -> str:
    """The range-bar chart of the forecast and exit-poll pages (``_charts.html``), drawn."""
    module = app.state.templates.env.get_template("_charts.html").module
    return str(module.range_bars(*args, **kwargs))


ROWS = [
    {"party_label": "Lab", "colour": "#E4003B", "lo": 300, "hi": 420, "mid": 361.5},
    {"party_label": "Con", "colour": "#0087DC", "lo": 90, "hi": 180, "mid": 130},
]


def test_a_range_bar_chart_draws_each_row_s_range_and_estimate(app: FastAPI) -> None:
    """A row's label, a bar from its low to its high and a tick at its estimate, where
    SeatBars puts them; the majority line only where one is given; a call block's markers
    after each row's tick."""
    bars = SeatBars(n_rows=2, full_scale=650)
    plain = _range_bars(app, "c", "Seats", ROWS, 650, "lo", "hi", "mid")
    assert 'id="c"' in plain and 'aria-label="Seats"' in plain and bars.box() in plain
    for i, row in enumerate(ROWS):
        y = bars.y(i)
        assert f'<text x="0" y="{y + 16}" class="chart-label">{row["party_label"]}</text>' in plain
        width = bars.length(row["hi"] - row["lo"], 2)
        assert f'<rect x="{bars.x(row["lo"])}" y="{y + 6}" height="12" width="{width}"' in plain
        assert f"<title>{row['party_label']}: {row['lo']}–{row['hi']}</title>" in plain
        assert f'<rect x="{bars.tick_x(row["mid"])}" y="{y + 3}" height="18"' in plain
    assert "<line" not in plain
    with_line = _range_bars(app, "c", "Seats", ROWS, 650, "lo", "hi", "mid", majority=326)
    assert with_line.count(f'<line x1="{bars.x(326)}" x2="{bars.x(326)}"') == 1

    def marker(row: dict[str, object], chart: SeatBars, y: float) -> Markup:
        return Markup(f'<circle cx="{chart.x(row["mid"])}" cy="{y}"></circle>')

    marked = _range_bars(app, "c", "Seats", ROWS, 650, "lo", "hi", "mid", caller=marker)
    circles = re.findall(r'<circle cx="([0-9.]+)" cy="([0-9.]+)">', marked)
    assert circles == [(str(bars.x(row["mid"])), str(bars.y(i))) for i, row in enumerate(ROWS)]


#: A chart's own elements: labels, bars, ticks and the majority line.
CHART_PARTS = re.compile(
    r"<text [^>]*>[^<]*</text>|<rect [^>]*>(?:<title>[^<]*</title>)?|<line [^>]*>"
)


@pytest.mark.parametrize(
    ("path", "twin", "chart", "fields"),
    [
        (
            "/forecast?poll=Lab+30+Con+20+Reform+25+LD+12+Green+8",
            "/api/forecast?poll=Lab+30+Con+20+Reform+25+LD+12+Green+8",
            "forecast-chart",
            ("low_90", "high_90", "seats_mean"),
        ),
        ("/exit-poll", "/api/exit-poll", "exitpoll-chart", ("low", "high", "expected_seats")),
    ],
)
def test_the_forecast_and_exit_poll_charts_are_one_range_bar_chart(
    app: FastAPI, client: TestClient, path: str, twin: str, chart: str, fields: tuple[str, ...]
) -> None:
    """The forecast's and the exit poll's seat charts are the one range-bar chart drawn from
    their JSON twins' rows (each page drew its own copy); the exit poll adds its result
    circle and broadcasters' diamond to each row."""
    page = client.get(path).text
    svg = re.search(r'<svg class="chart" id="' + chart + r'".*?</svg>', page, re.DOTALL)
    assert svg is not None
    answer = client.get(twin).json()
    majority = answer.get("majority_line")
    drawn = _range_bars(
        app, chart, "", answer["parties"], answer["n_seats"], *fields, majority=majority
    )
    assert CHART_PARTS.findall(svg.group(0)) == CHART_PARTS.findall(drawn)
    markers = len(re.findall(r"<circle ", svg.group(0)))
    assert markers == (len(answer["parties"]) if chart == "exitpoll-chart" else 0)


def test_a_seat_curve_steps_a_seat_wide_and_runs_of_one_chance_are_one_step() -> None:
    """The forecast's distribution curve: each seat total a flat step a seat wide, centred on
    it, at its chance's height (the tallest at the plot's top); an empty tail is one step, and
    the shape is closed along the baseline."""
    chart = SeatCurves(low=10, high=14, peak=0.5)
    points = [
        tuple(map(float, p.split(","))) for p in chart.points([0.0, 0.0, 0.5, 0.25, 0.0]).split()
    ]
    left, right = chart.x(9.5), chart.x(14.5)
    assert (left, right) == (chart.SIDE, chart.WIDTH - chart.SIDE)
    assert points[0] == (left, chart.baseline) and points[1] == (chart.x(11.5), chart.baseline)
    assert points[2] == (chart.x(11.5), chart.TOP)  # the peak at the top
    assert points[3] == (chart.x(12.5), chart.TOP)
    assert points[4][1] == chart.baseline - chart.PLOT_HEIGHT / 2
    assert len(points) == 2 * 4 + 2 and points[-2:] == [
        (right, chart.baseline),
        (left, chart.baseline),
    ]
    assert SeatCurves(low=25, high=452, peak=0.1).ticks() == [100, 200, 300, 400]
