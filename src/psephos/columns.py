"""What a table's value columns mean, one sentence per column key: the legend under a table.

A header such as ``per_1000_votes`` or ``margin_pct`` does not say its unit (a fraction, a
percentage or percentage points), what it is counted per, or what its sign means. The CLI's
tables (:func:`psephos.cli._output.render`) print a legend line under a table for each column
here that the table shows, and the web's pages write the same sentences under theirs (the
``column_meaning`` template global), so the two never explain a column differently. Only columns
whose key means one thing wherever psephos writes it are here; CSV and JSON keep the keys and the
raw numbers (docs/cli.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

#: The meaning of each value column whose unit or sign a header does not tell, by column key.
MEANINGS: Mapping[str, str] = MappingProxyType(
    {
        "win_probability": "the chance that the party wins the seat",
        "margin_pct": (
            "the party's share of the vote (with no party named: the holder's) minus its "
            "rival's, in percentage points (negative: behind)"
        ),
        "majority_votes": "the same margin in votes (negative: behind)",
        "per_1000_votes": (
            "how much 1,000 more net votes would raise the chance of winning the seat, in "
            "percentage points (with no party named: the chance of changing who wins)"
        ),
        "per_100_hours": (
            "how much 100 more hours of canvassing, at the stated net votes per hour, would "
            "raise the chance of winning the seat, in percentage points"
        ),
        "majority_pct": "the winner's majority as a percentage of the seat's valid votes",
        "share_given_up": "the share of the seat's vote the party gave up by standing aside",
        "bloc_gain": (
            "how the pact changes the bloc's chance of winning the seat (one result: gained, "
            "lost or no change; over simulations: in percentage points)"
        ),
        "gallagher": (
            "how far seats are from proportional to votes: the least-squares gap between the "
            "parties' vote and seat shares, in percentage points (0: exactly proportional)"
        ),
        "enp_votes": "the effective number of parties, counted by votes (Laakso-Taagepera)",
        "enp_seats": "the effective number of parties, counted by seats (Laakso-Taagepera)",
        "seat_error": "the sum over parties of the gap between projected and actual seats",
        "called_pct": (
            "the seats whose winner the model called, as a percentage of the seats scored"
        ),
        "share_change_pct": (
            "the change in the share of the vote since the earlier election, in percentage points"
        ),
    }
)


def column_meaning(column: str) -> str:
    """The sentence that says what ``column`` means (:data:`MEANINGS`).

    Raises:
        KeyError: a column with no meaning written here.
    """
    return MEANINGS[column]


def legend(columns: Iterable[str]) -> list[str]:
    """The legend lines for a table's ``columns``, in their order: ``"key: meaning"`` for each
    column in :data:`MEANINGS` (``legend(["rank", "per_100_hours"])`` is one line)."""
    return [f"{column}: {MEANINGS[column]}" for column in columns if column in MEANINGS]
