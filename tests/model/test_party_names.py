"""Party names as people type them: the Reform UK lineage's old names and their short forms
(:func:`psephos.model.party.renamed_as`)."""

from __future__ import annotations

import pytest

from psephos.model import get_party
from psephos.model.party import LINEAGE_LABELS, LINEAGE_SPELLINGS, renamed_as


@pytest.mark.parametrize(
    ("typed", "election_id", "read_as"),
    [
        ("Brexit Party", "2024", "Reform UK"),
        ("BXP", "2024", "Reform UK"),
        ("Brx", "2024", "Reform UK"),
        ("brexit", "2024", "Reform UK"),
        ("UKIP", "2024", "Reform UK"),
        ("UK Independence Party (UKIP)", "2024", "Reform UK"),
        ("UKIP", "2019", "Brexit Party"),
        ("RUK", "2019", "Brexit Party"),
        ("BXP", "2015", "UKIP"),
        ("BXP", None, "Reform UK"),  # no base: the vocabulary's name
    ],
)
def test_a_short_form_of_an_old_name_is_read_as_the_years_name(
    typed: str, election_id: str | None, read_as: str
) -> None:
    assert get_party(typed).code == "Reform"
    assert renamed_as(typed, election_id) == read_as


@pytest.mark.parametrize(
    ("typed", "election_id"),
    [
        ("RUK", "2024"),
        ("Ref", "2024"),
        ("Reform UK", "2024"),
        ("Reform", "2024"),  # the code names the lineage in every year
        ("Reform", "2019"),
        ("BXP", "2019"),
        ("Brexit", "2019-notional-2024"),
        ("UKIP", "2017"),
        ("Con", "2024"),
    ],
)
def test_the_years_own_name_and_the_code_give_no_note(typed: str, election_id: str) -> None:
    assert renamed_as(typed, election_id) is None


def test_every_alias_of_the_lineage_is_a_form_of_one_of_its_names() -> None:
    """No alias of the Reform code is left without the name it is a form of, so none is read
    as Reform without the note its year calls for."""
    spellings = LINEAGE_SPELLINGS["Reform"]
    assert set(spellings.values()) == set(LINEAGE_LABELS["Reform"].values())
    for alias in get_party("Reform").aliases:
        assert alias in spellings, alias
