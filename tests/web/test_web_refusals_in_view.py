"""A refused question is said above its form, the page's title says so, and the box at fault
points at the refusal (``aria-invalid``, ``aria-describedby``); the script then puts the focus
on the refusal, or on the answer below the form (``data-answer``): the browser tests check that.
The advice, swingometer, forecast, nearest-marginal and postcode pages said theirs after their
forms, off a phone's screen (the swingometer's 2,200 px down), with the title unchanged."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

#: A refused question on each page: its path, query, the refusal's id and its form's id.
REFUSED = [
    ("/advice", {"seat": "Narnia", "prefer": "Lab"}, "advice-error", "advice-form"),
    ("/advice", {"seat": "Croydon East", "prefer": ""}, "advice-error", "advice-form"),
    ("/swingometer", {"base": "2024", "areas": "Narnia,Lab,40"}, "swing-error", "swing-form"),
    ("/forecast", {"poll": "Lab 40 Foo 20"}, "forecast-error", "forecast-form"),
    ("/nearest", {"postcode": "ZZ99 9ZZ"}, "nearest-error", "nearest-form"),
    ("/postcode", {"q": "ZZ99 9ZZ"}, "postcode-error", "postcode-form"),
]


@pytest.mark.parametrize(("path", "query", "refusal", "form"), REFUSED)
def test_a_refusal_is_said_above_its_form_and_titled_an_error(
    client: TestClient, path: str, query: dict[str, str], refusal: str, form: str
) -> None:
    page = client.get(path, params=query)
    assert page.status_code >= 400, page.text
    said = page.text.index(f'id="{refusal}"')
    assert said < page.text.index(f'id="{form}"')
    assert page.text.count('role="alert"') == 1
    title = re.search(r"<title>(.*?)</title>", page.text)
    assert title is not None and title[1].startswith("Error: "), title


@pytest.mark.parametrize(
    ("path", "query", "refusal", "at_fault"),
    [
        ("/advice", {"seat": "Narnia", "prefer": "Lab"}, "advice-error", {"seat"}),
        ("/advice", {"postcode": "ZZ99 9ZZ", "prefer": "Lab"}, "advice-error", {"postcode"}),
        ("/advice", {"seat": "Croydon East", "prefer": ""}, "advice-error", {"prefer"}),
        ("/advice", {"prefer": "Lab"}, "advice-error", {"postcode", "seat"}),
        ("/nearest", {"postcode": "ZZ99 9ZZ"}, "nearest-error", {"postcode"}),
        ("/nearest", {"seat": "Narnia"}, "nearest-error", {"seat"}),
        ("/postcode", {"q": "ZZ99 9ZZ"}, "postcode-error", {"q"}),
    ],
)
def test_the_box_at_fault_points_at_the_refusal(
    client: TestClient, path: str, query: dict[str, str], refusal: str, at_fault: set[str]
) -> None:
    page = client.get(path, params=query).text
    marked = set(
        re.findall(
            rf'<input name="([a-z]+)"[^>]* aria-invalid="true" aria-describedby="{refusal}"', page
        )
    )
    assert marked == at_fault
    assert page.count("aria-invalid") == len(at_fault)


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/advice", {"postcode": "NW6 1XY", "prefer": "Green, Lab"}),
        ("/nearest", {"postcode": "CR0 1"}),
        ("/postcode", {"q": "NW6 1XY"}),
        ("/forecast", {"poll": "Lab 30 Con 25 Reform 20 LD 12 Green 8"}),
    ],
)
def test_an_answer_is_marked_for_the_focus_and_its_page_is_no_error(
    client: TestClient, path: str, query: dict[str, str]
) -> None:
    page = client.get(path, params=query)
    assert page.status_code == 200
    assert page.text.count("data-answer") == 1
    assert "<title>Error" not in page.text and "aria-invalid" not in page.text


def test_a_page_not_asked_anything_marks_no_answer(client: TestClient) -> None:
    assert "data-answer" not in client.get("/forecast").text
    assert "data-answer" not in client.get("/advice").text
