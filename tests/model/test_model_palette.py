"""The one palette: parties that meet in one place can be told apart; lineage colours by year."""

from __future__ import annotations

import itertools

import pytest

from psephos.model import LINEAGE_LABELS, PARTIES, party_colour, party_label, party_name


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


@pytest.mark.parametrize(
    ("election_id", "label"),
    [
        ("2015-projected", "UKIP"),  # the swingometer's map of a projection from 2015
        ("2019-poll", "Brexit Party"),
        ("2019-turnout", "Brexit Party"),
        ("2019-notional-2024-projected", "Brexit Party"),  # the longest base that fits
        ("2024-swing", "Reform UK"),
        ("next", "Reform UK"),  # no bundled base: the vocabulary's name
    ],
)
def test_an_election_made_from_a_bundled_one_keeps_its_names_and_colours(
    election_id: str, label: str
) -> None:
    # A projection from 2015 drew Clacton in Reform UK's colour, titled "Reform UK", under
    # the slider that said UKIP.
    base = election_id.rsplit("-", 1)[0] if label != "Reform UK" else "2024"
    assert party_label("Reform", election_id) == label
    assert party_name("Reform", election_id) == label
    assert party_colour("Reform", election_id) == party_colour("Reform", base)


def test_an_own_countrys_parties_get_the_own_palette_by_column() -> None:
    """Parties no country knows, of an election's columns, each get their own colour of
    OWN_COLOURS, by their place among those columns; they were all the one grey."""
    from psephos.model.party import OWN_COLOURS, UNKNOWN_COLOUR, party_colour

    parties = ("INC", "BJP", "BSP", "Ind")
    colours = [party_colour(party, "india", parties) for party in parties]
    assert colours[:3] == list(OWN_COLOURS[:3])
    assert colours[3] == party_colour("Ind")
    assert party_colour("BJP") == UNKNOWN_COLOUR  # no election's parties: the unknown grey
    many = tuple(f"P{n}" for n in range(len(OWN_COLOURS) + 1))
    assert party_colour(many[-1], None, many) == OWN_COLOURS[0]  # the palette again
    assert party_colour("Lab", "2024", parties) == party_colour("Lab", "2024")


def test_the_own_palette_tells_its_colours_apart() -> None:
    from psephos.model.party import OWN_COLOURS, UNKNOWN_COLOUR

    assert len(set(OWN_COLOURS)) == len(OWN_COLOURS) and UNKNOWN_COLOUR not in OWN_COLOURS
    assert min(distance(a, b) for a, b in itertools.combinations(OWN_COLOURS, 2)) > 60
