"""What psephos's terms mean, in plain words: one phrase per term a voter may not know.

A page that uses a term such as "stand-down", "transfer rate" or "notional" writes the same
phrase under it (the web's ``what_this_means`` macro, ``_what_this_means.html``, through the
``term_meaning`` template global), so no two pages explain a term differently. Each phrase
starts in lower case and has no closing full stop, to follow "What this means: "; the
macro makes each further one a sentence of its own. What a table's column means is
:mod:`psephos.columns`'s.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

#: The plain meaning of each term, by term.
TERMS: Mapping[str, str] = MappingProxyType(
    {
        "bloc": (
            "a bloc is the group of parties making the pact: they agree not to split one "
            "another's vote"
        ),
        "stand-down": (
            "a party stands down (stands aside) in a seat when it puts up no candidate there, "
            "so that its voters can back a bloc partner with a better chance"
        ),
        "transfer rate": (
            "a transfer rate is the share of a party's voters who vote for another party "
            "where their own stands aside (40% means 4 in 10 of them); the rest stay at home"
        ),
        "swing model": (
            "the model is the rule that shares a poll's change in each party's national share "
            "out among the seats (uniform: every seat moves by the same points)"
        ),
        "forecast draws": (
            "forecast draws are simulated elections around the result, each with its own "
            "polling and local errors: with them, seats are averages (expected seats) and a "
            "majority is a chance"
        ),
        "seed": "the seed fixes the random draws: the same seed gives the same answer",
        "working majority": (
            "a working majority counts only the members who vote (the Speaker, Deputy "
            "Speakers and members who do not take their seats do not): its size is what a "
            "government wins a vote of the whole House by"
        ),
        "butler swing": (
            "a swing (Butler's) is the average of one party's rise in its share of the vote "
            "and the other's fall, in percentage points, between the two elections"
        ),
        "notional": (
            "a notional result is an estimate of how an earlier election's votes would have "
            "fallen on today's boundaries: no such count was held"
        ),
        "marginal": (
            "a marginal seat is one won by a small lead, so it could change hands; the most "
            "marginal has the smallest majority"
        ),
        "target list": (
            "a party's target list is the seats it does not hold, in order of how little it "
            "needs to win them; the margin is how far it is behind, in percentage points of "
            "the vote"
        ),
        "long-range errors": (
            "long-range errors are how far results have moved from one election to the next "
            "with no poll to go on: the chances allow for that much change"
        ),
    }
)


def term_meaning(term: str) -> str:
    """The plain meaning of ``term`` (a key of :data:`TERMS`).

    Raises:
        KeyError: a term with no meaning written, naming it and the terms there are.
    """
    try:
        return TERMS[term]
    except KeyError:
        raise KeyError(f"No meaning written for {term!r}; terms: {', '.join(TERMS)}.") from None
