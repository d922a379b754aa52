"""What a table's value columns mean, one sentence per column key: the legend under a table.

A header such as ``per_1000_votes`` or ``margin_pct`` does not say its unit (a fraction, a
percentage or percentage points), what it is counted per, or what its sign means. The CLI's
tables (:func:`psephos.cli._output.render`) print a legend line under a table for each column
here that the table shows, and the web's pages write the same sentences under theirs (the
``column_meaning`` template global), so the two never explain a column differently. A key means
what :data:`MEANINGS` says wherever psephos writes it, unless a command writes it for something
else: then :data:`COMMAND_MEANINGS` says what it means there (``expected_seats`` is a party's
seats in ``exitpoll`` and the seats a plan's hours are expected to gain in ``allocate``), and the
command's table and page ask for it by the command's name. CSV and JSON keep the keys and the
raw numbers (docs/cli.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

#: The ends of a party's 90% interval of seats (psephos.forecast.intervals.INTERVAL_LEVEL), as
#: the forecast's, the exit poll's and the nowcast's tables write them.
_BOTTOM = "the bottom of the party's 90% interval of seats"
_TOP = "the top of the party's 90% interval of seats"
_ONE_SAMPLE = "the errors that one sample of places shares across many seats included"

#: The meaning of each value column whose unit or sign a header does not tell, by column key.
MEANINGS: Mapping[str, str] = MappingProxyType(
    {
        "win_probability": "the chance that the party wins the seat",
        "margin_pct": (
            "the party's share of the vote (with no party named: the holder's) minus its "
            "strongest opponent's, in percentage points (negative: behind)"
        ),
        "majority_votes": "the same margin in votes (negative: behind)",
        "per_1000_votes": (
            "how much 1,000 more net votes would raise the chance of winning the seat, in "
            "percentage points, at the rate of the next vote and never above the chance left "
            "to gain (with no party named: the chance of changing who wins)"
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
        "wasted_votes": (
            "the votes not needed to elect anyone: under FPTP and AV every vote for a seat's "
            "losers and the winner's beyond the runner-up's plus one (AV: first preferences); "
            "under list PR, AMS and STV every vote for a party that wins no seat in the list's "
            "area (the "
            "nation or the region) or the STV district"
        ),
        "wasted_pct": "the wasted votes as a percentage of all the votes",
        "seat_error": "the sum over parties of the gap between projected and actual seats",
        "called_pct": (
            "the seats whose winner the model called, as a percentage of the seats scored"
        ),
        "share_change_pct": (
            "the change in the share of the vote since the earlier election, in percentage points"
        ),
        "swing_pct": (
            "the Butler swing from swing_from to swing_to since the earlier election, in "
            "percentage points: the mean of swing_to's gain in share and swing_from's loss"
        ),
        "expected_seats": (
            "the party's expected number of seats: the sum of its chances of winning each seat"
        ),
        "low_90": f"{_BOTTOM} (it wins fewer in at most 5% of the simulations)",
        "high_90": f"{_TOP} (it wins more in at most 5% of the simulations)",
        "low": f"{_BOTTOM} (it wins fewer in at most 5% of the draws)",
        "high": f"{_TOP} (it wins more in at most 5% of the draws)",
        "p_best_placed": (
            "the share of simulations in which the pick is the best-placed party of the bloc"
        ),
        "pick_share": "the pick's expected share of the seat's vote, its mean over the simulations",
        "nominal_majority": "the seats a majority of the whole House needs",
        "short_of_nominal": "the seats the arrangement lacks for that majority (0: it has one)",
        "p_working_majority": (
            "the chance that the party alone has a working majority: more than half of the "
            "members who vote (where the chamber has them, the Speaker, Deputy Speakers and "
            "members who do not take their seats do not), which can be fewer seats than a "
            "majority of the whole House; the most likely governments are counted by it"
        ),
        "threshold": (
            "the votes a working majority needs: half the members who vote, plus one (the line "
            "above the table says who does not vote)"
        ),
        "working_majority": (
            "the arrangement's votes minus those of every other member who votes: what it wins "
            "a vote of the whole House by (negative: what it loses such a vote by)"
        ),
        "pairs": (
            "how many pairs of voters make the swap: in each, voter A votes in A's seat for "
            "B's preferred party, and voter B in B's seat for A's"
        ),
        "gain_preferred": (
            "the seats the voter's preferred party is expected to gain from one swap with a "
            "partner in that seat: what the partner's vote for it adds there, less what the "
            "voter's vote for the other party costs it in the voter's seat"
        ),
        "gain_willing": (
            "the seats the party the voter votes for instead is expected to gain from the same "
            "swap: what the voter's vote adds in their seat, less what the partner's costs it"
        ),
        "gain_a_party": (
            "the seats A's preferred party is expected to gain from one pair's swap: what B's "
            "vote for it adds to its chance of winning B's seat, less what A's vote for B's "
            "party costs it in A's seat (0.0001: 1 in 10,000)"
        ),
        "gain_b_party": (
            "the same for B's preferred party: what A's vote for it adds to its chance of "
            "winning A's seat, less what B's vote costs it in B's seat"
        ),
    }
)

#: What a key means in the one command that writes it for something else than :data:`MEANINGS`
#: says, by (command, column key).
COMMAND_MEANINGS: Mapping[tuple[str, str], str] = MappingProxyType(
    {
        ("allocate", "expected_seats"): (
            "the seats the plan's hours there are expected to gain: how much they raise the "
            "party's chance of winning the seat (with no party named: the chance of changing who "
            "wins), as a fraction of a seat (0.0001: 1 in 10,000)"
        ),
        ("exitpoll", "low"): f"{_BOTTOM}, {_ONE_SAMPLE}",
        ("exitpoll", "high"): f"{_TOP}, {_ONE_SAMPLE}",
        ("exitpoll", "favourite_seats"): (
            "the seats where the party has the highest chance of winning"
        ),
        ("exitpoll", "favourite_90pct_seats"): ("those of them where that chance is 90% or more"),
        ("count-ballots", "last_round"): (
            "the candidate's votes in the round they were elected or excluded in (still in the "
            "count at the end: the last round), before a surplus or an exclusion moved on; an "
            "elected candidate above the quota keeps the quota and passes the rest on, so the "
            "column can add up to more than the ballots"
        ),
        ("allocate", "distance_km"): (
            "how far the seat's centre is from the volunteer's home (their postcode's centre, "
            "or the coordinates given), in km as the crow flies"
        ),
        ("allocate", "reason"): (
            "why the hours of a row without a seat are not placed (the row's hours are those "
            "not placed), or why a row of the file was rejected (no hours: none were read)"
        ),
        ("allocate", "capacity"): (
            "the most hours the seat can absorb (in proportion to its electorate, or as the "
            "capacities file caps it); hours beyond it gain nothing"
        ),
    }
)


def _meaning(column: str, command: str | None) -> str | None:
    """What ``column`` means in ``command``'s table (:data:`COMMAND_MEANINGS`), else wherever
    it is written (:data:`MEANINGS`); ``None`` for a column with no meaning written here."""
    if command is not None and (command, column) in COMMAND_MEANINGS:
        return COMMAND_MEANINGS[command, column]
    return MEANINGS.get(column)


def column_meaning(column: str, command: str | None = None) -> str:
    """The sentence that says what ``column`` means, in ``command``'s table where that command
    writes it for something else (:data:`COMMAND_MEANINGS`; ``column_meaning("expected_seats",
    "allocate")``), else as :data:`MEANINGS` says.

    Raises:
        KeyError: a column with no meaning written here.
    """
    meaning = _meaning(column, command)
    if meaning is None:
        raise KeyError(column)
    return meaning


def legend(columns: Iterable[str], command: str | None = None) -> list[str]:
    """The legend lines for a table's ``columns``, in their order: ``"key: meaning"`` for each
    column with a meaning (:func:`column_meaning`, in ``command``'s table where given;
    ``legend(["rank", "per_100_hours"])`` is one line)."""
    meanings = ((column, _meaning(column, command)) for column in columns)
    return [f"{column}: {meaning}" for column, meaning in meanings if meaning is not None]
