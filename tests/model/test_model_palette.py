"""The one palette: parties that meet in one place can be told apart; lineage colours by year."""

from __future__ import annotations

import itertools

import pytest

from psephos.model import LINEAGE_LABELS, PARTIES, party_colour, party_name


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def distance(a: str, b: str) -> float:
    """Redmean colour distance (a cheap perceptual approximation), 0-765."""
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    mean_red = (r1 + r2) / 2
    return (
        float(
            ((2 + mean_red / 256) * (r1 - r2) ** 2 + 4 * (g1 - g2) ** 2)
            + (2 + (255 - mean_red) / 256) * (b1 - b2) ** 2
        )
        ** 0.5
    )


#: Parties that appear side by side: in one nation's contests, or as sister parties on a UK chart.
MEET = {
    "Northern Ireland": ("DUP", "SF", "SDLP", "UUP", "Alliance", "TUV", "Green", "Con", "Other"),
    "Wales": ("Con", "Lab", "LD", "Green", "PC", "Reform", "Other"),
    "Scotland": ("Con", "Lab", "LD", "Green", "SNP", "Reform", "Other"),
    "UK chart": ("Con", "Lab", "LD", "Green", "SNP", "PC", "Reform", "SF", "Alliance", "DUP"),
}


@pytest.mark.parametrize("place", MEET)
def test_parties_that_meet_differ(place: str) -> None:
    for a, b in itertools.combinations(MEET[place], 2):
        assert distance(party_colour(a), party_colour(b)) > 90, (place, a, b)


def test_lineage_colours_and_fallback() -> None:
    assert party_colour("Reform", "2015") != party_colour("Reform", "2024")
    assert party_colour("Reform", "2019") == party_colour("Reform")
    assert party_colour("Nonsense") == party_colour("Other")
    assert all(party.colour.upper() != "#FFFFFF" for party in PARTIES)  # none invisible on white


def test_party_name_is_the_sentence_name_and_the_years_lineage_label() -> None:
    for party in PARTIES:
        assert party_name(party.code) == party.name
    for code, years in LINEAGE_LABELS.items():
        for election_id, label in years.items():
            assert party_name(code, election_id) == label
    assert party_name("Made-up") == "Made-up"
