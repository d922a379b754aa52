"""Tactical-voting recommendations: which party a tactical-voting site recommends in a seat.

Format (CSV with a header)::

    seat,party,site
    Hampstead and Highgate,Lab,StopTheTories
    E14001290,LD,tactical.vote

``seat`` is an ONS code or a seat name; ``party`` any name or alias in the party vocabulary;
``site`` (optional) names the site, so several sites' picks can share one file (each seat's
recommendation share is then the fraction of sites recommending the party there). The sites are
published before polling day, so a projection may use them as an input.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from psephos.io.rows import Row, file_named, parse_rows, read_rows

COLUMNS = ("seat", "party")


class RecommendationRow(Row):
    """One site's pick in one seat."""

    seat: str = Field(min_length=1)
    party: str = Field(min_length=1)
    site: str = ""


def read_recommendations_csv(path: str | Path) -> list[RecommendationRow]:
    """Every recommendation in a CSV file.

    Raises:
        DataFormatError: no such file, a missing column, or a row without seat or party.
    """
    rows = read_rows(path, RecommendationRow, what="recommendations file", required=COLUMNS)
    return [row for _, row in rows]


def parse_recommendations_csv(text: str, *, name: str) -> list[RecommendationRow]:
    """:func:`read_recommendations_csv` for text already in memory (an upload called
    ``name`` in messages).

    Raises:
        DataFormatError: a missing column, or a row without seat or party.
    """
    rows = parse_rows(
        text, RecommendationRow, what=file_named("recommendations file", name), required=COLUMNS
    )
    return [row for _, row in rows]
