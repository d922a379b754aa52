"""Every page writes numbers by the project's one rule (:func:`psephos.numbers.format_number`,
the templates' ``number`` filter): a small chance is never "0%", counts keep their thousands
separators."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from html import unescape
from importlib.resources import files
from typing import Any

import pytest
from fastapi.testclient import TestClient

from psephos.web import services

TEMPLATES = files("psephos.web") / "templates"

#: Python string formatting in a template: ``'%.1f'|format(x)`` or ``'{:,}'.format(x)``.
HAND_FORMAT = re.compile(r"""['"][^'"]*['"]\s*(?:\|\s*format|\.format)\s*\(""")

#: (template, the expression) allowed to keep Python formatting, and why.
ALLOWED = {
    # An input's value attribute, read back by the form when it is sent again, not a number
    # written for a person to read: it keeps every digit the visitor typed.
    ("turnout.html", "'%g'|format(query.change)"),
}


def _hand_formats() -> list[tuple[str, str]]:
    found = []
    for template in TEMPLATES.iterdir():
        if not template.name.endswith(".html"):
            continue
        for match in HAND_FORMAT.finditer(template.read_text(encoding="utf-8")):
            # the expression: the format string and its argument, up to the closing bracket
            end = match.string.index(")", match.end())
            found.append((template.name, match.string[match.start() : end + 1]))
    return found


def test_templates_format_numbers_only_with_the_number_filter() -> None:
    found = _hand_formats()
    assert found, "the scan found nothing at all: the allowlist's entry is gone or moved"
    left = [entry for entry in found if entry not in ALLOWED]
    assert not left, f"format these with the number filter ({{{{ x|number('.1f') }}}}): {left}"
    assert set(found) >= ALLOWED, "an allowlisted expression is gone: drop it from ALLOWED"


#: A range of seats written by hand in a template (two expressions joined by an en dash), where
#: the ``seat_range`` filter (:func:`psephos.numbers.seat_range`) writes every one.
HAND_RANGE = re.compile(r"\}\}\s*(?:\u2013|&ndash;|&#8211;)\s*\{\{")


def test_templates_write_a_range_of_seats_only_with_the_seat_range_filter() -> None:
    found = [
        template.name
        for template in TEMPLATES.iterdir()
        if template.name.endswith(".html")
        and HAND_RANGE.search(template.read_text(encoding="utf-8"))
    ]
    assert not found, f"write these ranges with {{{{ low|seat_range(high) }}}}: {found}"
    script = (files("psephos.web") / "static" / "app.js").read_text(encoding="utf-8")
    assert "range_text" in script  # the live rows insert the server's text
    assert not re.search(r"\}\s*\u2013\s*\$\{", script), "app.js composes a range itself"


#: A plural written for any count, ``tie(s)``, in a template's words (its ``{{ }}`` and
#: ``{% %}`` left out), where the ``counted`` filter (:func:`psephos.numbers.counted`) writes
#: "1 tie" and "2 ties" as the command does.
HAND_PLURAL = re.compile(r"[A-Za-z]\(s\)")
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def test_templates_write_a_count_s_noun_only_with_the_counted_filter() -> None:
    found = {
        template.name: HAND_PLURAL.findall(JINJA.sub("", template.read_text(encoding="utf-8")))
        for template in TEMPLATES.iterdir()
        if template.name.endswith(".html")
    }
    found = {name: words for name, words in found.items() if words}
    assert not found, f"write these with {{{{ n|counted('noun') }}}}: {found}"


def _patched(
    monkeypatch: pytest.MonkeyPatch, name: str, change: Callable[[dict[str, Any]], None]
) -> None:
    """``services.<name>`` answering as before, with ``change`` applied to a copy."""
    real = getattr(services, name)

    def answer(*args: Any, **kwargs: Any) -> dict[str, Any]:
        result = copy.deepcopy(real(*args, **kwargs))
        change(result)
        return result

    monkeypatch.setattr(services, name, answer)


def _cells(html: str, table_id: str) -> list[list[str]]:
    table = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.S)
    return [
        [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
        ]
        for row in rows
    ]


def test_the_forecast_page_shows_a_small_chance_as_a_small_number(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from psephos.forecast import GovernmentOption, government_words

    def small(answer: dict[str, Any]) -> None:
        answer["parties"][0].update(
            p_majority=0.004, p_working_majority=0.0, p_largest=0.0004, seats_mean=0.3
        )
        option = GovernmentOption(("Lab",), 0.0004, 0.0004, 0.0004)
        answer["government_options"] = [
            {
                "parties": ["Lab"],
                "party_labels": ["Lab"],
                "probability": 0.0004,
                "text": government_words(option, {"Lab": "Lab"}),
            }
        ]

    _patched(monkeypatch, "forecast_poll", small)
    page = client.get("/forecast").text
    small_party = [row for row in _cells(page, "forecast-table") if row and row[1] == "0.3"]
    # in words, as psephos forecast's table writes them (the chance filter): never "0%"
    assert [row[3:] for row in small_party] == [
        ["about 1 in 250", "effectively zero", "about 1 in 2,500"]
    ]
    assert "Lab: about 1 in 2,500" in page


def test_the_tactical_page_shows_a_small_chance_as_a_small_number(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def small(answer: dict[str, Any]) -> None:
        answer["n_sims"] = 12345
        row = next(row for row in answer["rows"] if row["status"] == "target")
        row.update(p_best_placed=0.004, p_bloc_wins=0.0004, p_against_wins=0.0)

    _patched(monkeypatch, "bloc_tactical", small)
    page = client.get("/tactical", params={"against": "Con", "bloc": "Lab,LD"}).text
    assert "12,345 simulations" in page
    rows = _cells(page, "tactical-table")
    # in words, as every chance is written (the chance filter, psephos.numbers.one_in): never
    # "0%", nor "0.40%" beside another seat's "99.95%" in the Sure column
    small = [row for row in rows if row and row[5] == "effectively zero"]
    assert [row[2] for row in small] == ["about 1 in 250"]
    assert [row[4] for row in small] == ["about 1 in 2,500"]


def test_the_swingometer_shows_a_small_chance_and_signed_seat_changes(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def small(answer: dict[str, Any]) -> None:
        answer["forecast"]["parties"][0].update(p_majority=0.004, seats_mean=0.3)
        answer["seats"][0]["change"] = -12

    _patched(monkeypatch, "swingometer", small)
    page = client.get("/swingometer", params={"forecast": "true"}).text
    assert next(row[1::2] for row in _cells(page, "swing-forecast") if row) == [
        "0.3",
        "about 1 in 250",
    ]
    assert next(row[2] for row in _cells(page, "swing-seats") if row) == "-12"


def test_the_seat_page_writes_each_party_s_chance_next_time_as_a_chance(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A seat's chances of being won next time are written by the one chance filter
    (:func:`psephos.numbers.one_in`), as the CLI writes a chance: a party's 0.04% was "0%"."""
    from psephos.numbers import one_in

    code = "E14001186"  # Croydon East
    real = services.seat_answer("2024", code)
    report = copy.deepcopy(real.report)
    chances = report["insights"]["next_election"]["chances"]
    chances[-1]["probability"] = 0.0004
    shown = services.SeatAnswer(report, real.body)
    monkeypatch.setattr(services, "seat_answer_if_cached", lambda *_: shown)
    page = client.get(f"/seats/{code}").text
    line = re.search(r'<li id="seat-next-election">([^<]*)</li>', page)
    assert line is not None
    written = ", ".join(f"{c['party_label']} {one_in(c['probability'])}" for c in chances)
    assert f": {written} chance of winning here." in unescape(line[1])
    assert "about 1 in 2,500" in line[1] and " 0%" not in line[1]
