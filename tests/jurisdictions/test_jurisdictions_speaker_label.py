"""The Speaker's label is the country's one rule (:attr:`ParliamentRules.speaker_party`): every
caller that sets the Speaker's seat apart reads it, so a country labelling its Speaker otherwise
gets the same treatment as the UK's ``Speaker``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from psephos import jurisdictions
from psephos.errors import InvalidSharesError
from psephos.jurisdictions import UK
from psephos.model import Constituency, Election
from psephos.projection.candidates import speaker_column
from psephos.projection.inputs import read_poll
from psephos.tactical.bloc import default_bloc


@pytest.fixture
def ind_country(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The UK, its Speaker labelled ``Ind`` (no ``Speaker`` label), while the test runs."""
    rules = replace(UK.parliament, speaker_party="Ind", individual_groups=("Other",))
    jurisdictions._by_key.cache_clear()  # the registry by code, remembered
    monkeypatch.setitem(jurisdictions.JURISDICTIONS, "uk", replace(UK, parliament=rules))
    yield
    monkeypatch.undo()
    jurisdictions._by_key.cache_clear()


@pytest.fixture
def ind_speaker(ind_country: None) -> Election:
    """An election of the country of :func:`ind_country` that also has a ``Speaker`` column
    (a party of that name, not the Speaker's seat)."""
    seats = [
        Constituency(f"E1400000{i}", f"Seat {i}", "England", "London", 70_000, "test")
        for i in range(2)
    ]
    votes = [[20_000, 15_000, 0, 1_000], [0, 0, 25_000, 1_000]]
    return Election.from_votes("toy", seats, ("Con", "Lab", "Ind", "Speaker"), votes)


def test_the_speaker_s_column_is_the_country_s_label(ind_speaker: Election) -> None:
    assert speaker_column(ind_speaker) == ind_speaker.parties.index("Ind")


def test_a_bloc_leaves_out_the_country_s_speaker(ind_speaker: Election) -> None:
    assert default_bloc(ind_speaker, ("Con",)) == ("Lab", "Speaker")


def test_a_poll_giving_the_speaker_a_share_is_refused_by_the_country_s_label(
    ind_speaker: Election,
) -> None:
    with pytest.raises(InvalidSharesError, match="leave Ind out"):
        read_poll("Con 40 Lab 40 Ind 20", parties=ind_speaker.parties)
    assert read_poll("Con 40 Lab 40 Speaker 20", parties=ind_speaker.parties)["Speaker"] == 20


def test_the_seat_page_ranks_no_contest_for_the_country_s_speaker(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chorley, the Speaker's seat in 2024, has no party contest to place on a target list;
    where the country's Speaker is another label, Chorley's ``Speaker`` is a party like any."""
    services = pytest.importorskip("psephos.web.services")
    asked: list[tuple[str, ...]] = []
    monkeypatch.setattr(services, "_target_list", lambda *pair: asked.append(pair))
    chorley = "E14001170"
    current = services.election("2024")
    services.seat_insights(current, chorley)
    assert asked == []
    request.getfixturevalue("ind_country")
    services.seat_insights(current, chorley)
    assert asked == [("2024", "Green", "Speaker")]
