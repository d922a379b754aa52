"""A refused upload answers on its page with its JSON twin's status and message."""

from __future__ import annotations

from html import unescape

import pytest
from fastapi.testclient import TestClient
from web_helpers import page_token

#: Every test here stores what the app keeps: it runs on PostgreSQL as well (conftest).
pytestmark = pytest.mark.storage

#: Each upload page: its path, its JSON twin's, and the name of its file field (the swingometer
#: and forecast pages average a poll table as ``POST /api/poll-average`` does; the systems page
#: has two).
UPLOAD_PAGES = {
    "forecast": ("/forecast", "/api/poll-average", "poll_file"),
    "swingometer": ("/swingometer", "/api/poll-average", "poll_file"),
    "exit-poll": ("/exit-poll", "/api/exit-poll", "sample_file"),
    "swap": ("/swap", "/api/swap", "offers_file"),
    "count-ballots": ("/count-ballots", "/api/count-ballots", "ballots_file"),
    "allocate": ("/organisers/allocate", "/api/organisers/allocate", "volunteers_file"),
    "pacts": ("/pacts", "/api/pacts", "stand_down_file"),
    "systems-results": ("/systems", "/api/systems", "results_file"),
    "systems-transfers": ("/systems", "/api/systems", "transfers_file"),
    "results-file": ("/results/file", "/api/results/file", "results_file"),
    "targets": ("/targets", "/api/targets", "results_file"),
}

#: Files no page reads: one with nothing in it, one lacking every column a reader needs (both
#: refused by the library), one that is not text (refused before any reader).
REFUSED_FILES = {
    "empty": ("empty.csv", b"", "text/csv"),
    "missing-column": ("nothing.csv", b"nothing\n1\n", "text/csv"),
    "not-text": ("book.xlsx", b"PK\x03\x04\x00\x00", "application/zip"),
}


@pytest.mark.parametrize("refused", sorted(REFUSED_FILES))
@pytest.mark.parametrize("page", sorted(UPLOAD_PAGES))
def test_a_refused_upload_has_its_twin_s_status_on_the_page(
    organiser_client: tuple[TestClient, str], page: str, refused: str
) -> None:
    client, token = organiser_client
    path, twin_path, field = UPLOAD_PAGES[page]
    files = {field: REFUSED_FILES[refused]}
    twin = client.post(twin_path, files=files, headers={"X-CSRF-Token": token})
    shown = client.post(path, data={"csrf_token": page_token(client, path)}, files=files)
    assert twin.status_code in {400, 422}, twin.text
    assert shown.status_code == twin.status_code
    assert twin.json()["detail"] in unescape(shown.text)
