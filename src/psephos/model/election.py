"""The domain model: constituencies, their results, and whole elections.

An :class:`Election` holds every seat's result as NumPy arrays aligned to one stable seat order
(seats sorted by ONS code) and one party order (:data:`psephos.model.party.PARTY_CODES` or a
subset). Real results and projections share this type: a projection is an ``Election`` whose
``votes`` came from a model rather than a count. Objects are frozen; transformations return new
ones (:meth:`Election.with_votes`).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from types import MappingProxyType
from typing import Any, Literal, cast

import numpy as np
import numpy.typing as npt

from psephos.errors import DataFormatError, UnknownConstituencyError, UnknownPartyError, closest
from psephos.model.names import normalise_name
from psephos.model.party import (
    COUNTRY_CODES,
    PARTY_CODES,
    get_party,
    party_colour,
    party_in,
    party_label,
    party_name,
    unknown_party,
)

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

#: The nation with its own parties that the Great Britain swing models leave apart
#: (:attr:`Election.gb_mask`).
NORTHERN_IRELAND = "Northern Ireland"
NATIONS: tuple[str, ...] = ("England", "Scotland", "Wales", NORTHERN_IRELAND)
#: Entries kept in one election's private cache (:meth:`Election.cached`).
MEMO_LIMIT = 64
#: The nation and region of a seat in a user's file that gives neither and whose code does not
#: tell them (``E1``): an area of its own for the models, left unsaid where the seat is shown
#: (:attr:`psephos.results.SeatReport.place`).
UNKNOWN_AREA = "Unknown"
#: The one area of an election of a country psephos bundles nothing of
#: (:data:`psephos.jurisdictions.OWN`), its nation and region where the file gives neither, as
#: a national poll of it is named ("National shares"); left unsaid where a seat is shown.
OWN_AREA = "National"


@dataclass(frozen=True, slots=True)
class Constituency:
    """A seat on one set of boundaries.

    Attributes:
        code: ONS code (``E14000727``), the key everywhere.
        name: Official name.
        nation: England, Scotland, Wales or Northern Ireland (a Canadian province; for a
            user's file that gives none and whose codes do not tell it, :data:`UNKNOWN_AREA`).
        region: English region name, or the nation for the other three.
        electorate: Registered electors at this election.
        boundary_set: ``"2010"`` (used 2010-2019) or ``"2024"``.
    """

    code: str
    name: str
    nation: str
    region: str
    electorate: int
    boundary_set: str

    @property
    def named(self) -> str:
        """The seat as every message names it: its name and code, "Sunderland Central
        (E14001531)"."""
        return f"{self.name} ({self.code})"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate on one ballot paper.

    Attributes:
        name: Candidate's name ('' where the source gives none, e.g. notional results).
        party: Vocabulary code (``Lab``, ``Ind``, ``Other``...).
        party_name: The party as named in the source (``Labour and Co-operative``...).
        votes: Votes won.
    """

    name: str
    party: str
    party_name: str
    votes: int


@dataclass(frozen=True, slots=True)
class ConstituencyResult:
    """The full result in one seat.

    ``votes`` aggregates candidates by vocabulary code (two independents add up under ``Ind``);
    ``winner``, ``runner_up`` and ``majority`` come from the individual candidates where the
    source has them.
    """

    constituency: Constituency
    votes: Mapping[str, float]
    candidates: tuple[Candidate, ...]
    valid_votes: int
    invalid_votes: int | None
    winner: str
    runner_up: str
    majority: float
    rejected_in_turnout: bool = False

    @property
    def turnout(self) -> float:
        """The seat's turnout by its election's one rule (:meth:`Election.turnout_ballots`),
        0-1 (0 without an electorate): valid votes over the electorate, the House of Commons
        Library's definition, or, where :attr:`rejected_in_turnout` (the country's official
        turnout counts every ballot cast: Canada's), valid votes and rejected ballots over
        it; the turnout every result page, ``psephos results`` and the national line give."""
        electorate = self.constituency.electorate
        if not electorate:
            return 0.0
        rejected = (self.invalid_votes or 0) if self.rejected_in_turnout else 0
        return (self.valid_votes + rejected) / electorate

    @property
    def shares(self) -> dict[str, float]:
        """Vote share per party code, 0-1, over valid votes."""
        if not self.valid_votes:
            return dict.fromkeys(self.votes, 0.0)
        return {party: votes / self.valid_votes for party, votes in self.votes.items()}

    @property
    def majority_share(self) -> float:
        """Majority as a share of valid votes."""
        return self.majority / self.valid_votes if self.valid_votes else 0.0


#: Explanations of a seat an election does not have, tried in order when a lookup fails
#: (:meth:`Election.seat_index`): each takes the election and the name or code asked for and
#: returns a sentence or ''. :mod:`psephos.jurisdictions` adds where a seat of other
#: boundaries went.
SEAT_HINTS: list[Callable[[Election, str], str]] = []

#: What an election's country calls a seat, in the refusal of one it does not have
#: (:meth:`Election.seat_index`), tried in order: each takes the election and returns a word
#: or ''; where none answers, "constituency". :mod:`psephos.jurisdictions` adds the country's
#: (:attr:`~psephos.jurisdictions.Jurisdiction.seat_word`: Canada's "riding").
SEAT_WORDS: list[Callable[[Election], str]] = []

#: Whether an election's country counts rejected ballots in its official turnout: each takes
#: the election and says so (any yes: it does; none: valid votes only, the House of Commons
#: Library's definition). :mod:`psephos.jurisdictions` adds the country's
#: (:attr:`~psephos.jurisdictions.Jurisdiction.turnout_counts_rejected`: Elections Canada's).
TURNOUT_COUNTS_REJECTED: list[Callable[[Election], bool]] = []

#: The seats a name an election does not have now lies in, tried in order by
#: :meth:`Election.seat_suggestions` before the closest names: each takes the election and the
#: name asked for and returns positions in it, largest share first, or none.
#: :mod:`psephos.jurisdictions` adds the seats a seat of other boundaries went to.
SEAT_SUCCESSORS: list[Callable[[Election, str], list[int]]] = []

#: Other names users know a seat by, normalised (:func:`normalise_name`) -> the seat's name as
#: the data has it, normalised: a seat's former or other-language name ("western isles" ->
#: "na h eileanan an iar"). Read by :meth:`Election.find_seat`; :mod:`psephos.jurisdictions`
#: fills it from each country's :attr:`~psephos.jurisdictions.Jurisdiction.seat_aliases`.
SEAT_ALIASES: dict[str, str] = {}

#: Titles of an election built without a name (:meth:`Election.from_votes`), tried in order:
#: each takes the election id (one that begins with a year), its parties and its seats and
#: returns a title or ''; where none answers, :func:`default_name`'s "General election <id>".
#: :mod:`psephos.jurisdictions` adds the country's ("UK general election 2029", "Canadian
#: federal election 2029").
ELECTION_TITLES: list[Callable[[str, tuple[str, ...], tuple[Constituency, ...]], str]] = []

#: What :meth:`Election.from_votes` may do with a party code psephos does not know: refuse it,
#: or keep every code as a party of an election of its own country (as the results-file reader
#: reads a file with ``unknown_parties="own"``).
UnknownCodes = Literal["error", "own"]
#: What a refusal of a party code psephos does not know (:func:`check_party_codes`) says to do.
UNKNOWN_CODE_HINT = (
    "Give psephos's party codes (psephos.model.PARTY_CODES, or CANADA_PARTY_CODES for Canada), "
    "or unknown_parties='own' for an election of a country psephos bundles nothing of (every "
    "party under its code as given)."
)

#: Fewest letters a part of a seat name must have to be matched (:meth:`Election.seat_index`).
PARTIAL_MIN_LENGTH = 3
#: Most seats named when a part of a name matches several.
PARTIAL_LISTED = 10
#: A typed word no seat's name has, at least this long, is read as a misspelling of a word
#: one has, at least as long too ("sth" is no misspelling of "st"), when their spelling ratio
#: (rapidfuzz's ``ratio``, 0 to 100) is at least :data:`MISSPELT_RATIO` and, for a word
#: shorter than :data:`MISSPELT_SHORT`, they start alike: "sky" of "skye" (86), "iswich" of
#: "ipswich" (92); not "all" of "hall" (86, but another start), nor "eats" of "east" (75,
#: left to the whole name's closeness).
MISSPELT_MIN_LENGTH = 3
MISSPELT_RATIO = 80
MISSPELT_SHORT = 5
#: A typed word that at most this many seats' names have picks seats out ("Fylde", "Wyre",
#: "Croydon"): a name that finds no seat suggests the seats sharing such words first. Words
#: more seats have ("and", "North", "East") only order names that already share one.
DISTINCT_WORD_SEATS = 10
#: Short forms of the compass and centre words of seat names, as results feeds (the Press
#: Association's "Houghton and Sunderland Sth") and people write them: a typed word that is
#: exactly one of these and no seat's word is read as the word it stands for when seats are
#: suggested (:meth:`Election.seat_suggestions`), never when a name is looked up.
SEAT_WORD_ABBREVIATIONS = {
    "sth": "south",
    "s": "south",
    "nth": "north",
    "n": "north",
    "e": "east",
    "w": "west",
    "ctrl": "central",
    "cent": "central",
}


def spelled_out(typed: str, words: Collection[str]) -> str:
    """``typed`` (normalised) with each word that is a short form
    (:data:`SEAT_WORD_ABBREVIATIONS`) and not one of the seats' ``words`` written out:
    "sunderland sth" -> "sunderland south"."""
    return " ".join(
        word if word in words else SEAT_WORD_ABBREVIATIONS.get(word, word) for word in typed.split()
    )


def misspelt(typed: str, word: str) -> bool:
    """Whether ``typed``, a word no seat has, reads as a misspelling of a seat's ``word``
    (:data:`MISSPELT_RATIO`)."""
    from rapidfuzz import fuzz  # only when a name is wrong: keeps start-up light

    if len(word) < MISSPELT_MIN_LENGTH:
        return False
    if len(typed) < MISSPELT_SHORT and typed[:2] != word[:2]:
        return False
    return fuzz.ratio(typed, word) >= MISSPELT_RATIO


def sharing_words_first(typed: str, names: Sequence[str], near: list[int]) -> list[int]:
    """The seats whose ``names`` (normalised) share a distinct word with ``typed`` (one at most
    :data:`DISTINCT_WORD_SEATS` seats have), then the rest of ``near`` (positions, closest name
    first), as many as ``near`` and at least three: "Fylde and Wyre" suggests Fylde, Lancaster
    and Wyre and Wyre Forest, not names of the same shape ("Runnymede and Weybridge").

    The seats sharing words come in order of how much the distinct words they share pick out
    (each weighs ``log(seats / seats with it)``, so a word of one seat outweighs one of two),
    then of how many other words they share, then as ``near`` ranks them, then by how close the
    whole name is (:func:`closest`)."""
    import math
    from collections import Counter

    seats_with = Counter(word for name in names for word in set(name.split()))
    typed_words = set(typed.split())
    distinct = {word for word in typed_words if 0 < seats_with[word] <= DISTINCT_WORD_SEATS}
    if not distinct:
        return near
    weight: dict[int, tuple[float, int]] = {}
    for p, name in enumerate(names):
        words = set(name.split())
        if distinct & words:
            picked = sum(math.log(len(names) / seats_with[word]) for word in distinct & words)
            weight[p] = (round(picked, 9), len((typed_words - distinct) & words))
    position = {name: p for p, name in enumerate(names)}
    by_name = [position[name] for name in closest(typed, [names[p] for p in weight], len(weight))]
    order = {p: rank for rank, p in enumerate([*near, *by_name]) if p in weight}
    first = sorted(weight, key=lambda p: (-weight[p][0], -weight[p][1], order.get(p, len(names))))
    return (first + [p for p in near if p not in weight])[: max(len(near), 3)]


def misspelt_first(
    typed: str, missed: Sequence[str], folded: Sequence[str], near: Sequence[int]
) -> list[int]:
    """The seats (positions in ``folded``, the normalised names) a name with words no seat has
    (``missed``) may mean, as :meth:`Election.seat_suggestions` names them: the seats with a
    word one of them nearly is (:func:`misspelt`) first, most of the words typed first (only
    those with every word typed, where any has them: "Rutland and Stamferd" is Rutland and
    Stamford alone, not also a name of like letters), then the closest names (``near``)."""
    position = {name: p for p, name in enumerate(folded)}
    meant = {
        p
        for p, name in enumerate(folded)
        if any(misspelt(w, word) for w in missed for word in name.split())
    }
    ranked = [position[name] for name in closest(typed, [folded[p] for p in meant], limit=3)]
    first = [p for p in near if p in meant] + [p for p in ranked if p not in near]
    first += sorted(meant - set(first))
    # most words typed first; a stable sort keeps the closest first among equals
    first.sort(key=lambda p: -words_typed(typed, missed, folded[p]))
    every = len(set(typed.split()))
    whole = [p for p in first if words_typed(typed, missed, folded[p]) == every]
    if whole:  # every word typed, one nearly: the seat meant, not a name of like letters
        return whole[: max(len(near), 3)]
    return (first + [p for p in near if p not in meant])[: max(len(near), 3)]


def words_typed(typed: str, missed: Collection[str], name: str) -> int:
    """How many of the words of ``typed`` a seat's ``name`` (both normalised) has: as they are,
    or nearly (:func:`misspelt`) for those of them no seat has (``missed``). "washington suoth"
    has two in Washington and Gateshead South, one in Warrington South."""
    have = set(name.split())
    return sum(
        word in have or (word in missed and any(misspelt(word, own) for own in have))
        for word in set(typed.split())
    )


def nominal_majority(n_seats: int) -> int:
    """Seats for a majority of the whole House: more than half, ``n_seats // 2 + 1`` (326 of
    650, 170 of 338). The one rule for every "majority" line (House of Commons Library, SN04589
    "Hung parliaments")."""
    return n_seats // 2 + 1


def tied_for_largest(seats: Mapping[str, float]) -> list[str]:
    """The parties that tie for the most seats, by code, or ``[]`` where one party has most
    (or none has a seat): the one rule by which ``psephos results``'s headline, ``project``'s
    and ``govern``'s notes say a dead heat for the largest party instead of naming one.

    Args:
        seats: Seats per party code (those that count: ``govern`` leaves the Speaker out).
    """
    most = max(seats.values(), default=0)
    tied = sorted(party for party, won in seats.items() if won == most)
    return tied if most > 0 and len(tied) > 1 else []


@dataclass(frozen=True, slots=True, eq=False)
class SeatIndex:
    """Per-seat lookups of one seat tuple, built once and shared by every election on it.

    An :class:`Election` and every projection made from it (:meth:`Election.with_votes`) share
    one ``SeatIndex``, so seat codes, names, electorates, nations and regions are computed once
    per set of seats, never per call. Arrays are read-only.

    Attributes:
        constituencies: The seat tuple this index was built from (identity is checked).
        codes: ONS codes in seat order.
        lookup: Upper-case code or normalised name -> position.
        electorate: Electorate per seat.
        nations: Nation per seat.
        regions: Region per seat.
    """

    constituencies: tuple[Constituency, ...]
    codes: tuple[str, ...]
    lookup: Mapping[str, int]
    electorate: FloatArray
    nations: npt.NDArray[np.str_]
    regions: npt.NDArray[np.str_]
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    """Derived per-seat arrays other packages cache here (e.g. area labels); never mutated."""

    def cached(self, key: str, build: Callable[[], Any]) -> Any:
        """The value cached under ``key``, built once with ``build()`` (same seats, same value)."""
        try:
            return self.memo[key]
        except KeyError:
            value = self.memo[key] = build()
            return value

    @classmethod
    def build(cls, constituencies: tuple[Constituency, ...]) -> SeatIndex:
        """Index a seat tuple (one pass over the seats; names normalised once)."""
        index: dict[str, int] = {}
        for position, seat in enumerate(constituencies):
            index[seat.code.upper()] = position
            index.setdefault(normalise_name(seat.name), position)
        electorate = np.array([seat.electorate for seat in constituencies], dtype=np.float64)
        nations = np.array([seat.nation for seat in constituencies])
        regions = np.array([seat.region for seat in constituencies])
        for array in (electorate, nations, regions):
            array.setflags(write=False)
        return cls(
            constituencies=constituencies,
            codes=tuple(seat.code for seat in constituencies),
            lookup=MappingProxyType(index),
            electorate=electorate,
            nations=nations,
            regions=regions,
        )


def winners_from_votes(
    votes: FloatArray, *, own: bool = False
) -> tuple[IntArray, IntArray, FloatArray]:
    """Winner index, runner-up index and majority (votes) per seat of a seats x parties array.

    Ties go to the lower party index (the earlier party in the vocabulary), deterministically.
    With ``own`` (a writable float64 array the caller owns), the winners are masked in place
    and put back instead of copying the array.
    """
    winner = votes.argmax(axis=1).astype(np.int64, copy=False)
    runner_up, majority = runners_up_from_votes(votes, winner, own=own)
    return winner, runner_up, majority


def runners_up_from_votes(
    votes: FloatArray, winner: IntArray, *, own: bool = False
) -> tuple[IntArray, FloatArray]:
    """Runner-up index and majority (votes) per seat, given the winners ``votes.argmax(axis=1)``
    (see :func:`winners_from_votes`; ``own`` as there)."""
    if votes.shape[1] < 2:
        return winner.copy(), votes[:, 0].astype(np.float64)
    # The runner-up is the arg-max with the winner masked out: exactly the second column of a
    # stable descending sort, at a fraction of the cost of sorting every row.
    rows = np.arange(votes.shape[0])
    masked = votes if own else np.array(votes, dtype=np.float64)
    best = masked[rows, winner]
    masked[rows, winner] = -np.inf
    runner_up = masked.argmax(axis=1)
    majority = best - masked[rows, runner_up]
    if own:  # the caller's array, put back as it was
        masked[rows, winner] = best
    return runner_up.astype(np.int64, copy=False), majority


def check_party_codes(parties: tuple[str, ...]) -> None:
    """Refuse ``parties`` unless each is a code of one country's vocabulary
    (:data:`~psephos.model.party.COUNTRY_CODES`: the UK's, or Canada's), once: the rule the
    results-file reader applies to a file's parties, here for codes given as columns.

    Raises:
        UnknownPartyError: a code psephos does not know (suggesting the closest of the
            country's, :func:`~psephos.model.party.unknown_party`), or another country's.
        DataFormatError: a code given twice.
    """
    country = max(COUNTRY_CODES, key=lambda codes: sum(code in codes for code in parties))
    for code in parties:
        if code in country:
            continue
        if any(code in codes for codes in COUNTRY_CODES):
            raise UnknownPartyError(
                f"Party {code!r} is another country's than "
                f"{', '.join(p for p in parties if p in country)}; one election holds one "
                "country's parties."
            )
        raise UnknownPartyError(f"{unknown_party(code, country)} {UNKNOWN_CODE_HINT}")
    twice = next((code for code in parties if parties.count(code) > 1), None)
    if twice is not None:
        raise DataFormatError(f"Party {twice!r} is given twice; give each party one column.")


def default_name(
    election_id: str,
    parties: tuple[str, ...],
    seats: tuple[Constituency, ...],
    *,
    own: bool = False,
) -> str:
    """The name of an election built without one. An id that begins with a year names the
    election of that year: its country's title (:data:`ELECTION_TITLES`: "UK general election
    2029", "Canadian federal election 2029"; there once :mod:`psephos.jurisdictions` is
    imported, as :func:`psephos.load` and every reader import it), else, as for an election
    of a country of its ``own``, "General election 2029". Any other id is the name itself
    ("mine", not "UK general election mine", which read as a slip in every title)."""
    if not election_id[:4].isdigit():
        return election_id
    for title in () if own else ELECTION_TITLES:
        found = title(election_id, parties, seats)
        if found:
            return found
    return f"General election {election_id}"


@lru_cache(maxsize=16)
def _unknown_counts(n_seats: int) -> FloatArray:
    """A read-only NaN per seat (counts not known: a projection's invalid votes), made once
    per seat count and shared, as elections freeze their arrays anyway."""
    array = np.full(n_seats, np.nan)
    array.setflags(write=False)
    return array


#: Above this as an unsigned 64-bit pattern, a float64 is not a finite count of at least zero
#: (+inf, NaN, or its sign bit set): :func:`checked_votes` looks closer only then.
_FINITE_UNSIGNED = np.uint64(0x7FF0000000000000)


def checked_votes(
    votes: npt.ArrayLike, constituencies: Sequence[Constituency], parties: Sequence[str]
) -> FloatArray:
    """``votes`` as a new float64 array of one row per seat and one column per party, each
    cell a finite count of at least zero: the one check of a seats x parties vote array
    given to :meth:`Election.from_votes` (and so :meth:`Election.with_votes`).

    Raises:
        DataFormatError: another shape, text, or a NaN, infinite or negative cell, naming its
            seat and party (a NaN is read as a party that did not stand: give 0 there).
    """
    expected = (len(constituencies), len(parties))
    try:
        array = np.array(votes, dtype=np.float64)  # a copy: the model freezes its arrays
    except (TypeError, ValueError):
        raise DataFormatError(
            f"votes must be numbers, {expected[0]} seats x {expected[1]} parties."
        ) from None
    if array.shape != expected:
        raise DataFormatError(
            f"votes has shape {array.shape}; give {expected[0]} seats x {expected[1]} "
            "parties (one row per constituency, one column per party, in their order)."
        )
    # one pass over the bits (a negative number, -0.0 included, has its sign bit set)
    if array.size and array.view(np.uint64).max() >= _FINITE_UNSIGNED:
        bad = ~(np.isfinite(array) & (array >= 0))  # -0.0 is 0
        if bad.any():
            raise DataFormatError(_bad_votes_message(array, bad, constituencies, parties))
    return array


def _bad_votes_message(
    array: FloatArray,
    bad: npt.NDArray[np.bool_],
    constituencies: Sequence[Constituency],
    parties: Sequence[str],
) -> str:
    """What :func:`checked_votes` says of the first bad cell (and how many others there are)."""
    seat, party = (int(i) for i in np.argwhere(bad)[0])
    value = float(array[seat, party])
    where = f"{parties[party]} in {constituencies[seat].named}"
    others = int(bad.sum()) - 1
    more = f" (and {others} more cell{'s' if others > 1 else ''})" if others else ""
    if np.isnan(value):
        return (
            f"The votes for {where} are NaN{more}; give 0 for a party that did not stand "
            "there (a pandas pivot leaves NaN: .fillna(0))."
        )
    if np.isinf(value):
        return f"The votes for {where} are {value:g}{more}; give finite counts."
    return f"The votes for {where} are {value:g}{more}; give counts of 0 or more."


#: The ``meta`` key under which :meth:`Election.select` records the seats it leaves out
#: (:attr:`Election.seats_left_out`).
_LEFT_OUT = "seats_left_out"
#: ``meta`` key of the codes of the seats with no result of the election a projection was
#: made from (:meth:`Election.no_result`), which :meth:`Election.with_votes` keeps.
_NO_RESULT = "seats_no_result"


#: What :meth:`Election.from_votes` stores in a derived field it leaves to be computed on first
#: read (see :class:`_Derived`).
_PENDING: Any = None
#: The key of :meth:`Election.with_votes`'s ``contest`` weights in an election's private cache,
#: read when its runners-up and majorities are computed (:func:`_compute_runners_up`).
_CONTEST_WEIGHTS = "with_votes.contest"


class _Derived:
    """A field of :class:`Election` derived from its votes, computed on first read when the
    constructor was given :data:`_PENDING` (a projection's ``valid_votes``, ``runner_up`` and
    ``majority``): built once, read-only, then read like any other field.

    It wraps the dataclass slot of the same name, so the field keeps its name, its place in the
    constructor and :func:`dataclasses.replace`; only the moment it is computed changes.
    """

    __slots__ = ("compute", "slot")

    def __init__(self, slot: Any, compute: Callable[[Election], None]) -> None:
        self.slot = slot
        self.compute = compute

    def __get__(self, election: Election | None, owner: type | None = None) -> Any:
        if election is None:
            return self
        value = self.slot.__get__(election, owner)
        if value is None:
            self.compute(election)
            value = self.slot.__get__(election, owner)
        return value

    def __set__(self, election: Election, value: Any) -> None:
        self.slot.__set__(election, value)


def _compute_valid_votes(election: Election) -> None:
    valid = election.votes.sum(axis=1)
    valid.setflags(write=False)
    object.__setattr__(election, "valid_votes", valid)


def _compute_runners_up(election: Election) -> None:
    weights = election._memo.get(_CONTEST_WEIGHTS)
    if weights is None:
        runner_up, majority = runners_up_from_votes(election.votes, election.winner)
    else:  # the candidates' contest: each column its best candidate's part (with_votes)
        contest = election.votes * weights
        runner_up, majority = runners_up_from_votes(contest, election.winner, own=True)
    for name, array in (("majority", majority), ("runner_up", runner_up)):
        array.setflags(write=False)
        object.__setattr__(election, name, array)


@dataclass(frozen=True, slots=True, eq=False)
class Election:
    """All results of one general election (real, notional or projected).

    Attributes:
        id: Election id (``"2017"``, ``"2019-notional-2024"``, or a user label).
        name: Human title.
        constituencies: Seats in the stable order (sorted by ONS code).
        parties: Party codes, the column order of ``votes``.
        votes: Seats x parties votes (float64; whole numbers for real results).
        valid_votes: Valid votes per seat.
        invalid_votes: Rejected ballots per seat (NaN where unknown).
        winner: Winning party index per seat (into ``parties``).
        runner_up: Second party index per seat.
        majority: Winner's lead over the runner-up, in votes.
        candidates: Per seat candidate tuples, or ``None`` where only party totals exist.
        meta: Source, licence and notes.

    An election built by :meth:`from_votes` (every loaded result and every projection)
    computes ``valid_votes`` and, when its winners come from the party totals, ``runner_up``
    and ``majority`` from its votes on first read, and keeps them (read-only, like every array
    here): a projection that is only counted never pays for them.

    An election pickles and deep-copies (:meth:`__reduce__`), so it can go to a worker process
    (``concurrent.futures.ProcessPoolExecutor``, joblib) or a notebook's cache.
    """

    id: str
    name: str
    constituencies: tuple[Constituency, ...]
    parties: tuple[str, ...]
    votes: FloatArray
    valid_votes: FloatArray
    invalid_votes: FloatArray
    winner: IntArray
    runner_up: IntArray
    majority: FloatArray
    candidates: tuple[tuple[Candidate, ...], ...] | None = None
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    _seats: SeatIndex | None = field(default=None, repr=False, compare=False)
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n_seats, n_parties = self.votes.shape
        if n_seats != len(self.constituencies) or n_parties != len(self.parties):
            raise ValueError(
                f"votes has shape {self.votes.shape} but there are {len(self.constituencies)} "
                f"seats and {len(self.parties)} parties"
            )
        for name in ("votes", "valid_votes", "invalid_votes", "majority", "winner", "runner_up"):
            array = _RAW_FIELDS[name].__get__(self)  # not computing a pending derived field
            if array is not None:
                array.setflags(write=False)
        if self._seats is None or self._seats.constituencies is not self.constituencies:
            object.__setattr__(self, "_seats", SeatIndex.build(self.constituencies))

    def __repr__(self) -> str:
        """A line, not every array: ``Election('2024', 'UK general election 2024', 650 seats x
        16 parties)``."""
        return (
            f"Election({self.id!r}, {self.name!r}, {self.n_seats} seats x "
            f"{len(self.parties)} parties)"
        )

    def __reduce__(self) -> tuple[Callable[..., Election], tuple[dict[str, Any]]]:
        """Pickle (and :func:`copy.deepcopy`) as the fields it was built with, ``meta`` as a
        plain dict (a mapping proxy does not pickle) and a field still to be computed left so
        (:class:`_Derived`); the seat index and the private cache are built anew."""
        if _CONTEST_WEIGHTS in self._memo:  # computed now: the weights are not pickled
            self.runner_up  # noqa: B018
        fields_ = {
            name: _RAW_FIELDS[name].__get__(self) if name in _RAW_FIELDS else getattr(self, name)
            for name in _PICKLED_FIELDS
        }
        return _unpickled, ({**fields_, "meta": dict(self.meta)},)

    def cached(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value derived from this (immutable) election, built once per ``key``.

        For capability packages that derive the same arrays from one election again and again
        (e.g. a re-based share table for one set of candidate lists). The cache is private to
        this object (``dataclasses.replace`` and :meth:`with_votes` start an empty one) and holds
        at most :data:`MEMO_LIMIT` entries, oldest dropped first. Callers must not mutate what
        they get back.
        """
        memo = self._memo
        try:
            value = memo[key]
        except KeyError:
            value = build()
            if len(memo) >= MEMO_LIMIT:
                del memo[next(iter(memo))]
            memo[key] = value
        return value

    @property
    def seat_lookups(self) -> SeatIndex:
        """The cached per-seat index (codes, name lookup, electorate, nations, regions)."""
        seats = self._seats
        if seats is None:  # only while __post_init__ runs
            seats = SeatIndex.build(self.constituencies)
        return seats

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_votes(
        cls,
        election_id: str,
        constituencies: Sequence[Constituency],
        parties: Sequence[str],
        votes: npt.ArrayLike,
        *,
        name: str | None = None,
        invalid_votes: npt.ArrayLike | None = None,
        candidates: Sequence[tuple[Candidate, ...]] | None = None,
        meta: Mapping[str, Any] | None = None,
        seat_index: SeatIndex | None = None,
        unknown_parties: UnknownCodes = "error",
    ) -> Election:
        """Build an election from a seats x parties vote array.

        ``parties`` are psephos's party codes of one country (:func:`check_party_codes`), or
        with ``unknown_parties="own"`` any codes, the election being then of a country of
        its own (``meta["country"]`` :data:`OWN_AREA` unless ``meta`` names one, as the
        results-file reader reads such a file). Without a ``name``, an id that begins with a
        year is named as its country's election of that year (:func:`default_name`: "UK
        general election 2029"), any other by the id itself ("mine").

        Winners come from the candidates when given (so two independents are not merged into
        one winner), otherwise from the party totals; then ``valid_votes``, ``runner_up`` and
        ``majority`` are computed on first read (a projection often needs only the winners).
        ``seat_index`` reuses the per-seat lookups of another election on the same seat tuple
        (ignored if the seats differ).

        Raises:
            DataFormatError: ``votes`` is not one row per seat and one column per party of
                finite counts of at least zero (:func:`checked_votes`: a NaN, as a pandas
                pivot leaves for a party that did not stand, is to be given as 0); a party
                given twice.
            UnknownPartyError: a party code psephos does not know, or of another country
                than the others, unless ``unknown_parties="own"``.
        """
        parties = tuple(parties)
        seats = constituencies if isinstance(constituencies, tuple) else tuple(constituencies)
        meta = dict(meta or {})
        if unknown_parties == "own":
            if not {"country", "jurisdiction"} & set(meta):
                meta["country"] = OWN_AREA
            name = name or default_name(election_id, parties, seats, own=True)
        else:
            check_party_codes(parties)
        return cls._assemble(
            election_id,
            seats,
            parties,
            votes,
            name=name or default_name(election_id, parties, seats),
            invalid_votes=invalid_votes,
            candidates=candidates,
            meta=meta,
            seat_index=seat_index,
        )

    @classmethod
    def _assemble(
        cls,
        election_id: str,
        seats: tuple[Constituency, ...],
        parties: tuple[str, ...],
        votes: npt.ArrayLike,
        *,
        name: str,
        invalid_votes: npt.ArrayLike | None = None,
        candidates: Sequence[tuple[Candidate, ...]] | None = None,
        meta: Mapping[str, Any],
        seat_index: SeatIndex | None = None,
        contest: npt.NDArray[np.float64] | None = None,
    ) -> Election:
        """:meth:`from_votes` once its parties are accepted (:meth:`with_votes`: this
        election's own, with its ``contest`` weights)."""
        votes_array = checked_votes(votes, seats, parties)
        if candidates is not None:
            candidates = tuple(candidates)
            winner, runner_up, majority = _winners_from_candidates(candidates, parties)
        else:
            decided = votes_array if contest is None else votes_array * contest
            winner = decided.argmax(axis=1).astype(np.int64, copy=False)
            runner_up = majority = _PENDING
        invalid = (
            _unknown_counts(len(seats))
            if invalid_votes is None
            else np.asarray(invalid_votes, dtype=np.float64)
        )
        election = cls(
            id=election_id,
            name=name,
            constituencies=seats,
            parties=parties,
            votes=votes_array,
            valid_votes=_PENDING,
            invalid_votes=invalid,
            winner=winner,
            runner_up=runner_up,
            majority=majority,
            candidates=candidates,
            meta=MappingProxyType(dict(meta)),
            _seats=seat_index,
        )
        if contest is not None and candidates is None:
            election._memo[_CONTEST_WEIGHTS] = contest
        return election

    @property
    def source_name(self) -> str:
        """The election as "... from X" names it (a projection's or a forecast's title): its
        name, or for a user's results file the file's (``meta["results_file"]``:
        ``india.csv``, not its name ``Results from india.csv``), so a title reads
        "Projection from india.csv"."""
        return str(self.meta.get("results_file") or self.name)

    @property
    def previous_id(self) -> str | None:
        """The id of the election before this one on the same boundaries where its country's
        bundled data knows it (``meta["previous"]``, which the bundled loaders record: 2024's
        is ``"2019-notional-2024"``, 2017's ``"2015"``), else ``None``: the first election on
        its boundaries, a user's results file, a projection (:meth:`with_votes` drops it).
        :func:`psephos.jurisdictions.previous_election` loads it; ``psephos.results``
        measures changes from it by default, as ``psephos results`` and the web pages do."""
        previous = self.meta.get("previous")
        return None if previous is None or self.from_file is not None else str(previous)

    @property
    def from_file(self) -> str | None:
        """The user's results file this election was read from, or that the election it was
        projected from was (``meta["from_file"]``, which :meth:`with_votes` keeps, where it
        drops ``results_file``), else ``None``. Such an election is never one psephos
        bundles, whatever its file is called: a file ``2017.csv`` is not the UK's 2017
        (:func:`psephos.jurisdictions.bundled_id`, the one place data is looked up by id)."""
        name = self.meta.get("from_file")
        return None if name is None else str(name)

    @property
    def labels_id(self) -> str | None:
        """The election whose party labels this one's parties carry (:func:`party_label`):
        its own id, or for a user's results file the bundled election whose names its
        parties had (``meta["labels_of"]``: a file naming UKIP is read with 2017's labels, one
        naming the Brexit Party with 2019's), so a 2015 file's ``Reform`` is "UKIP" as the
        bundled 2015 names it, not "Reform UK"; for a projection, the election after its base
        (:func:`psephos.model.night_of`: a projection from 2019 names "Reform UK"); a file
        naming no renamed party has none
        (``None``: the vocabulary's names), whatever the file is called (:attr:`from_file`).
        What a poll for this election is read against (its renamed parties' names, its
        country's national area: :func:`psephos.projection.read_poll`)."""
        labels = self.meta.get("labels_of")
        if labels:
            return str(labels)
        return None if self.from_file is not None else self.id

    def with_votes(
        self,
        votes: npt.ArrayLike,
        *,
        election_id: str | None = None,
        name: str | None = None,
        meta: Mapping[str, Any] | None = None,
        contest: npt.NDArray[np.float64] | None = None,
    ) -> Election:
        """A new election on the same seats and parties with different votes (a projection).

        Candidate lists are dropped: winners come from the new party totals, except in a seat
        with no votes, which keeps its winner (a seat won unopposed stays its candidate's).
        ``contest`` (seats x parties, each in (0, 1]): the part of each column its best
        candidate holds where a column adds up several candidates (two Independents;
        :attr:`psephos.projection.base.ProjectionBase.best_candidate`): the winner, runner-up
        and majority of a seat are then those of its candidates, read from the votes scaled so
        (2024's Bradford West: two Independents with more votes together than the Labour
        winner do not win it), the votes staying the columns' totals; the runners-up and
        majorities are still computed on first read.
        ``meta`` is recorded beside this election's (and ``base``, this election's id): a
        turnout scenario records ``parliament``, the election whose House it re-counts.

        Raises:
            DataFormatError: ``votes`` is not this election's seats x parties of finite counts
                of at least zero (:func:`checked_votes`).
        """
        pending = self.no_result()
        kept = {_NO_RESULT: tuple(np.asarray(self.codes)[pending])} if pending.any() else {}
        changed = Election._assemble(
            election_id or f"{self.id}-projected",
            self.constituencies,
            self.parties,
            votes,
            name=name or f"Projection from {self.source_name}",
            # a projection is not the results file itself: its name is its own; nor the
            # election the one before it preceded
            meta={
                **{
                    key: value
                    for key, value in self.meta.items()
                    if key not in ("results_file", "previous")
                },
                **kept,  # a seat with no result has none in a projection that leaves it empty
                **(meta or {}),
                "base": self.id,
            },
            seat_index=self._seats,
            contest=contest,
        )
        # a row with no votes has its winner's cell at 0 (cells are counts of at least 0):
        # one pick per row, not a sum over each short row (a third of this method's time)
        winning = changed.votes[np.arange(changed.votes.shape[0]), changed.winner]
        empty = ~(winning > 0)
        if not empty.any():
            return changed
        return replace(changed, winner=np.where(empty, self.winner, changed.winner))

    def seat_mask(self, seats: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """The seats ``seats`` names, as one boolean per seat: given so (``e.nations ==
        "Wales"``), as seat positions (integers, each once: ``[0, 1, 2]``) or as seat codes
        and names (:meth:`seat_index`). The one reader of a seat mask (:meth:`select`,
        :meth:`total_votes`, the pact optimiser's ``allowed_seats``).

        Raises:
            DataFormatError: booleans of another length, a position out of range or given
                twice (an integer 0/1 mask: give it as booleans), or other values.
            UnknownConstituencyError: a code or name no seat has.
        """
        array = np.asarray(seats)
        if array.dtype.kind == "O" and all(isinstance(x, bool | np.bool_) for x in array.flat):
            array = array.astype(bool)  # a pandas "boolean" column
        n_seats = self.n_seats
        if array.dtype == bool and array.shape == (n_seats,):
            return array
        allowed = (
            f"A seat mask is {n_seats} booleans, seat positions (0 to {n_seats - 1}) or seat "
            "codes and names"
        )
        if array.ndim > 1:
            raise DataFormatError(f"{allowed}; got an array of shape {array.shape}.")
        if array.dtype == bool:
            raise DataFormatError(f"{allowed}; got {array.size} booleans.")
        if array.dtype.kind in "UO" and all(isinstance(seat, str) for seat in array.tolist()):
            positions = np.array([self.seat_index(seat) for seat in array.tolist()], dtype=int)
        elif array.dtype.kind in "iu" or array.size == 0:
            positions = array.astype(int)
            outside = positions[(positions < 0) | (positions >= n_seats)]
            if outside.size:
                raise DataFormatError(f"{allowed}; got position {outside[0]}.")
            counts = np.bincount(positions, minlength=n_seats)
            if (counts > 1).any():
                raise DataFormatError(
                    f"{allowed}; got position {int(np.argmax(counts > 1))} "
                    f"{int(counts.max())} times (a mask of 0s and 1s: give it as booleans)."
                )
        else:
            raise DataFormatError(f"{allowed}; got {array.dtype} values.")
        mask = np.zeros(n_seats, dtype=bool)
        mask[positions] = True
        return mask

    def select(self, mask: npt.ArrayLike) -> Election:
        """A new election keeping only the seats ``mask`` names (:meth:`seat_mask`: booleans,
        e.g. GB only, or seat positions or codes), in this election's seat order.

        It keeps this election's id (data bundled for the election is looked up by it) and
        records the seats it leaves out (:attr:`seats_left_out`)."""
        keep = self.seat_mask(mask)
        candidates = None
        if self.candidates is not None:
            candidates = tuple(c for c, k in zip(self.candidates, keep, strict=True) if k)
        left_out = self.seats_left_out + tuple(
            seat for seat, k in zip(self.constituencies, keep, strict=True) if not k
        )
        return replace(
            self,
            meta=MappingProxyType({**self.meta, _LEFT_OUT: left_out}),
            constituencies=tuple(s for s, k in zip(self.constituencies, keep, strict=True) if k),
            votes=self.votes[keep].copy(),
            valid_votes=self.valid_votes[keep].copy(),
            invalid_votes=self.invalid_votes[keep].copy(),
            winner=self.winner[keep].copy(),
            runner_up=self.runner_up[keep].copy(),
            majority=self.majority[keep].copy(),
            candidates=candidates,
            _seats=None,
        )

    @property
    def seats_left_out(self) -> tuple[Constituency, ...]:
        """The seats of the election this one was selected from (:meth:`select`) that it
        leaves out (none for a whole election): lists drawn up for the whole election (its
        bundled candidate lists and nominations) name them, and are read without them."""
        return tuple(self.meta.get(_LEFT_OUT, ()))

    # -- shape and lookup ---------------------------------------------------------------------
    @property
    def n_seats(self) -> int:
        """Number of seats."""
        return len(self.constituencies)

    @property
    def codes(self) -> tuple[str, ...]:
        """ONS codes in seat order."""
        return self.seat_lookups.codes

    @property
    def electorate(self) -> FloatArray:
        """Electorate per seat (read-only, cached)."""
        return self.seat_lookups.electorate

    @property
    def nations(self) -> npt.NDArray[np.str_]:
        """Nation per seat (read-only, cached)."""
        return self.seat_lookups.nations

    @property
    def gb_mask(self) -> npt.NDArray[np.bool_]:
        """Seats in Great Britain: every seat outside Northern Ireland, which has its own
        parties and is modelled apart (every seat of an election without Northern Ireland)."""
        return np.asarray(self.nations != "Northern Ireland")

    @property
    def regions(self) -> npt.NDArray[np.str_]:
        """Region per seat (read-only, cached)."""
        return self.seat_lookups.regions

    @property
    def whole_nation_regions(self) -> tuple[str, ...]:
        """Regions that are a whole nation, sorted: the one region of each nation whose seats
        all lie in one (the UK's Scotland, Wales and Northern Ireland; not England's nine, nor
        a Canadian province, Canada being one nation of many regions). A nation's shares are
        that region's shares there."""
        regions_of: dict[str, set[str]] = {}
        for nation, region in zip(self.nations.tolist(), self.regions.tolist(), strict=True):
            regions_of.setdefault(str(nation), set()).add(str(region))
        return tuple(sorted(next(iter(found)) for found in regions_of.values() if len(found) == 1))

    def __len__(self) -> int:
        return self.n_seats

    def __iter__(self) -> Iterator[ConstituencyResult]:
        return (self.result_at(position) for position in range(self.n_seats))

    def party_index(self, party: str) -> int:
        """Column of a party (code, name or alias: :func:`psephos.model.party.party_in`, so a
        Canadian election reads "Conservative" as the CPC) in ``votes``."""
        try:
            code = party_in(party, self.parties)
        except UnknownPartyError as error:
            if not isinstance(party, str):  # party_in said what to give
                raise
            try:
                known = get_party(party).code
            except UnknownPartyError:
                raise error from None  # an unknown name: party_in names this election's parties
            raise UnknownPartyError(
                f"Party {known!r} is not in election {self.id!r}; "
                f"parties: {', '.join(self.parties)}."
            ) from None
        return self.parties.index(code)

    def find_seat(self, seat: str) -> int | None:
        """Position of a seat given its ONS code, its name (case, accents, '&' and punctuation
        ignored) or another name users know it by (:data:`SEAT_ALIASES`: "Western Isles" is
        Na h-Eileanan an Iar), or ``None`` when this election has no such seat.

        Raises:
            UnknownConstituencyError: ``seat`` is not text (a position: :meth:`result_at`).
        """
        if not isinstance(seat, str):
            raise UnknownConstituencyError(
                f"Give a seat's code or name (text), not {seat!r}; result_at(position) takes "
                f"a position (0 to {self.n_seats - 1})."
            )
        key = seat.strip()
        lookup = self.seat_lookups.lookup
        position = lookup.get(key.upper())
        if position is None:  # not a code: try the name (normalised only when needed)
            name = normalise_name(key)
            position = lookup.get(name)
            if position is None and name in SEAT_ALIASES:
                position = lookup.get(SEAT_ALIASES[name])
        return position

    def partial_matches(self, seat: str) -> list[int]:
        """Positions of the seats a part of a name can mean, compared as lookups compare names
        (:func:`normalise_name`), in seat order: those with it as whole words, anywhere in the
        name ("Chingford" or "Woodford Green" -> "Chingford and Woodford Green"; "Westminster"
        -> "Cities of London and Westminster" and "Westminster North"), else those whose name
        starts with it ("Chesterf" -> "Chesterfield"). A whole word outranks the start of a
        longer one: "Chester" is "City of Chester", not "Chesterfield". None for fewer than
        :data:`PARTIAL_MIN_LENGTH` letters."""
        key = normalise_name(seat)
        if len(key) < PARTIAL_MIN_LENGTH:
            return []
        words = self.seats_with_words(seat)
        if words:
            return words
        return [
            p for p, c in enumerate(self.constituencies) if normalise_name(c.name).startswith(key)
        ]

    def seats_with_words(self, text: str) -> list[int]:
        """Positions of the seats whose name has ``text`` as whole words, anywhere in it,
        compared as lookups compare names (:func:`normalise_name`), in seat order: "Croydon"
        is Croydon East, South and West and Streatham and Croydon North; "Chester" is not
        Chesterfield. The better of the two kinds of :meth:`partial_matches`, and a place
        name's seats (:func:`psephos.targeting.geo.resolve_location`)."""
        key = f" {normalise_name(text)} "
        if not key.strip():
            return []
        return [
            p for p, c in enumerate(self.constituencies) if key in f" {normalise_name(c.name)} "
        ]

    def seat_with_words(self, text: str) -> int | None:
        """Position of the one seat whose name has ``text`` as whole words
        (:meth:`seats_with_words`: "Kensington" is Kensington and Bayswater, "Bury St Edmunds"
        Bury St Edmunds and Stowmarket), ``None`` where no seat or several have them, or
        ``text`` has fewer than :data:`PARTIAL_MIN_LENGTH` letters. Such a name is that seat
        even where it was also a seat of other boundaries (the 2019 seat Kensington): the
        words of a seat's own name come before a hint of where an old seat went
        (:meth:`seat_index`)."""
        if len(normalise_name(text)) < PARTIAL_MIN_LENGTH:
            return None
        found = self.seats_with_words(text)
        return found[0] if len(found) == 1 else None

    def seat_index(self, seat: str) -> int:
        """Position of a seat given its ONS code or name (case, '&' and punctuation ignored),
        or a part of a name that only one seat has (:meth:`partial_matches`): whole words of
        one seat's name (:meth:`seat_with_words`) are that seat even where they were also a
        seat of other boundaries.

        Raises:
            UnknownConstituencyError: in the country's word for a seat (:data:`SEAT_WORDS`),
                saying where the seat went when it is a seat of other boundaries, or another
                country's, or a postal code (:data:`SEAT_HINTS`); the seats a part of a name
                matches when it matches several; else the closest names.
        """
        position = self.find_seat(seat)
        if position is None:
            position = self.seat_with_words(seat)
        if position is not None:
            return position
        hint = self._seat_hint(seat)
        partial = [] if hint else self.partial_matches(seat)
        if len(partial) == 1:
            return partial[0]
        raise self._no_seat(seat, hint, partial)

    def seats_matching(self, seat: str) -> list[int]:
        """Positions of the seats a search for ``seat`` finds: the one seat it names
        (:meth:`seat_index`: a code, a name, another name users know it by, a part only one
        seat's name has), else every seat a part of a name matches (:meth:`partial_matches`:
        "Croydon" is Croydon East, Croydon South and Croydon West), in seat order. A name a
        hint explains (a seat of other boundaries, "Isle of Wight" of 2024; a postcode) finds
        none: its refusal says where the seat went, unless its words are one seat's
        (:meth:`seat_with_words`: "Kensington" of 2024).

        Raises:
            UnknownConstituencyError: it finds none (:meth:`seat_index`'s refusal, naming the
                seats it may mean, :meth:`seat_suggestions`).
        """
        position = self.find_seat(seat)
        if position is None:
            position = self.seat_with_words(seat)
        if position is not None:
            return [position]
        hint = self._seat_hint(seat)
        partial = [] if hint else self.partial_matches(seat)
        if partial:
            return partial
        raise self._no_seat(seat, hint, partial)

    def _seat_hint(self, seat: str) -> str:
        """What a name no seat has is instead (:data:`SEAT_HINTS`: a seat of other boundaries,
        another country's, a postcode), or ``""``."""
        return next((text for text in (h(self, seat) for h in SEAT_HINTS) if text), "")

    def _no_seat(self, seat: str, hint: str, partial: list[int]) -> UnknownConstituencyError:
        """The refusal of a name that finds no one seat, in the country's word for a seat
        (:data:`SEAT_WORDS`): the ``hint``; else the seats a part of a name matches
        (``partial``); else the closest names."""
        word = next((found for found in (w(self) for w in SEAT_WORDS) if found), "constituency")
        if hint:
            return UnknownConstituencyError(f"No {word} {seat!r} in election {self.id!r}. {hint}")
        if partial:
            shown = ", ".join(repr(self.constituencies[p].name) for p in partial[:PARTIAL_LISTED])
            more = len(partial) - PARTIAL_LISTED
            return UnknownConstituencyError(
                f"No {word} {seat!r} in election {self.id!r}; {len(partial)} seats "
                f"match it. Did you mean {shown}{f' (or {more} more)' if more > 0 else ''}?"
            )
        close = [self.constituencies[p].name for p in self.seat_suggestions(seat)]
        return UnknownConstituencyError(
            f"No {word} {seat!r} in election {self.id!r}."
            + (
                f" Did you mean {', '.join(repr(name) for name in close)}?"
                if close
                else " Give a seat code or name."
            )
        )

    def seat_suggestions(self, seat: str) -> list[int]:
        """Positions of the seats a name that finds none (:meth:`seat_index` refuses it) may
        mean, as its refusal names them: the seats a name of other boundaries now lies in
        (:data:`SEAT_SUCCESSORS`: the 2019 seat Isle of Wight, Isle of Wight East and West),
        else the seats a part of a name matches (the first :data:`PARTIAL_LISTED`; short forms
        written out, :func:`spelled_out`: "Sunderland Sth" is Houghton and Sunderland South),
        else the closest names (:func:`psephos.errors.closest`): the seats with a word typed
        nearly (:func:`misspelt`) first, most of the words typed first (only those with every
        word typed, where any has them: "Rutland and Stamferd" is Rutland and Stamford alone,
        not a name of like letters), or, where every word
        typed is a seat's, the seats sharing its distinct words (:func:`sharing_words_first`:
        "Fylde and Wyre" is Fylde, Lancaster and Wyre, Wyre Forest)."""
        successors = next(
            (found for found in (lies_in(self, seat) for lies_in in SEAT_SUCCESSORS) if found),
            [],
        )
        if successors:
            return successors[:PARTIAL_LISTED]
        # compared as lookups compare them (accents folded: "levis" is close to "Lévis--...")
        folded = [normalise_name(s.name) for s in self.constituencies]
        words = {word for name in folded for word in name.split()}
        typed = spelled_out(normalise_name(seat), words)
        partial = self.partial_matches(seat) or self.partial_matches(typed)
        if partial:
            return partial[:PARTIAL_LISTED]
        position = {name: p for p, name in enumerate(folded)}
        near = [position[name] for name in closest(typed, folded)]
        # a typed word no seat has, one letter or so from a word one has ("Isle of Sky"): the
        # seats with that word first, as the word the user meant, however the rest reads
        missed = [w for w in typed.split() if len(w) >= MISSPELT_MIN_LENGTH and w not in words]
        if not missed:
            return sharing_words_first(typed, folded, near)
        return misspelt_first(typed, missed, folded, near)

    def result(self, seat: str) -> ConstituencyResult:
        """Full result of one seat, by ONS code or name."""
        return self.result_at(self.seat_index(seat))

    def result_at(self, position: int) -> ConstituencyResult:
        """Full result of the seat at ``position`` in seat order."""
        row = self.votes[position]
        invalid = self.invalid_votes[position]
        return ConstituencyResult(
            constituency=self.constituencies[position],
            votes={p: float(v) for p, v in zip(self.parties, row, strict=True) if v > 0},
            candidates=self.candidates[position] if self.candidates is not None else (),
            valid_votes=round(float(self.valid_votes[position])),
            invalid_votes=None if np.isnan(invalid) else round(float(invalid)),
            winner=self.parties[int(self.winner[position])],
            runner_up=self.parties[int(self.runner_up[position])],
            majority=float(self.majority[position]),
            rejected_in_turnout=self.turnout_ballots()[1],
        )

    def turnout_ballots(self) -> tuple[FloatArray, bool]:
        """The ballots each seat's turnout counts, and whether they include the rejected ones:
        the one turnout rule, of a seat (:attr:`ConstituencyResult.turnout`,
        :func:`psephos.results.seat_turnout`) and of the country
        (:func:`psephos.results.national_turnout`). Valid votes (the House of Commons Library's
        definition, the UK's); valid votes and rejected ballots where the country's official
        turnout counts them (:data:`TURNOUT_COUNTS_REJECTED`: Elections Canada's) and every
        seat with an electorate has its rejected ballots published. Built once (read-only)."""
        return cast(tuple[FloatArray, bool], self.cached("turnout_ballots", self._turnout_ballots))

    def _turnout_ballots(self) -> tuple[FloatArray, bool]:
        valid = np.asarray(self.votes, dtype=np.float64).sum(axis=1)
        rejected = np.asarray(self.invalid_votes, dtype=np.float64)
        known = np.asarray(self.electorate, dtype=np.float64) > 0
        counts_rejected = any(rule(self) for rule in TURNOUT_COUNTS_REJECTED)
        if not counts_rejected or np.isnan(rejected[known]).any():
            valid.setflags(write=False)
            return valid, False
        ballots = valid + np.nan_to_num(rejected)
        ballots.setflags(write=False)
        return ballots, True

    # -- calculations (thin methods over pure functions) --------------------------------------
    def shares(self) -> FloatArray:
        """Seats x parties vote shares (rows sum to 1 where a seat has votes)."""
        totals = self.votes.sum(axis=1, keepdims=True)
        return np.divide(self.votes, totals, out=np.zeros_like(self.votes), where=totals > 0)

    def contest_shares(self) -> FloatArray:
        """Seats x parties shares of each party's strongest *candidate*, over all valid votes:
        the shares a seat's contest is decided on. Equal to :meth:`shares` except where one
        code has several candidates in a seat (two Independents are two candidates, not one of
        their summed votes), so the leader and the margins agree with :attr:`winner` and
        :attr:`majority`; without candidate lists (a projection), :meth:`shares`. Built once
        (read-only)."""
        return cast(FloatArray, self.cached("contest_shares", self._contest_shares))

    def contest_votes(self) -> FloatArray:
        """Seats x parties votes of each party's strongest *candidate*: :attr:`votes`, except
        where one code has several candidates in a seat (its best one's votes). The votes
        :meth:`contest_shares` divides; at a seat's :attr:`winner`, its winning candidate's.
        Built once (read-only)."""
        return cast(FloatArray, self.cached("contest_votes", self._contest_votes))

    def _contest_shares(self) -> FloatArray:
        votes = self.contest_votes()
        totals = self.votes.sum(axis=1, keepdims=True)
        out = np.divide(votes, totals, out=np.zeros(votes.shape), where=totals > 0)
        out.flags.writeable = False
        return out

    def _contest_votes(self) -> FloatArray:
        votes = self.votes
        if self.candidates is not None:
            position = {party: i for i, party in enumerate(self.parties)}
            for seat, field_ in enumerate(self.candidates):
                codes = [c.party for c in field_]
                for party in {p for p in codes if codes.count(p) > 1}:
                    if votes is self.votes:
                        votes = self.votes.copy()
                    votes[seat, position[party]] = max(c.votes for c in field_ if c.party == party)
        if votes is not self.votes:
            votes.flags.writeable = False
        return votes

    def majority_shares(self) -> FloatArray:
        """Each seat's majority as a share of its valid votes (0-1; 0 for a seat with no votes):
        :attr:`ConstituencyResult.majority_share` for every seat at once."""
        valid = self.valid_votes
        return np.divide(
            self.majority, valid, out=np.zeros(self.n_seats, dtype=float), where=valid > 0
        )

    def has_runner_up(self) -> npt.NDArray[np.bool_]:
        """Seats with a runner-up to have a majority over: every seat but one its winner
        contested alone (won unopposed, where :attr:`runner_up` is the winner itself). A seat
        whose first and second candidates are of one group (two independents, two "Other"
        candidates) has a runner-up, of the winner's group: its :attr:`runner_up` is the
        winner's code and its :attr:`majority` the gap between the two candidates."""
        contested = np.asarray(self.winner != self.runner_up)
        if self.candidates is None:
            return contested
        several = np.fromiter((len(seat) > 1 for seat in self.candidates), bool, self.n_seats)
        return contested | several

    def no_result(self) -> npt.NDArray[np.bool_]:
        """Seats with no result: no votes recorded where two or more candidates stood (a
        count not yet entered), which no party has won (:meth:`seats_won`). A seat whose one
        candidate has no votes was won unopposed; one whose candidates are not known keeps
        its winner, unless this is a projection (:meth:`with_votes`) of an election where it
        had no result and it still has no votes."""
        pending: npt.NDArray[np.bool_] = self.cached("no_result", self._no_result)
        return pending.copy()

    def _no_result(self) -> npt.NDArray[np.bool_]:
        empty = ~(self.valid_votes > 0)
        if self.candidates is None:
            codes = self.meta.get(_NO_RESULT)
            return np.asarray(empty & np.isin(self.codes, list(codes))) if codes else empty & False
        several = np.fromiter((len(seat) > 1 for seat in self.candidates), bool, self.n_seats)
        return np.asarray(empty & several)

    def seats_won(self) -> dict[str, int]:
        """Seats per party code, every party listed (zeros included); a seat with no result
        (:meth:`no_result`) is no party's."""
        counts = np.bincount(self.winner[~self.no_result()], minlength=len(self.parties))
        return {party: int(count) for party, count in zip(self.parties, counts, strict=True)}

    def total_votes(self, mask: npt.ArrayLike | None = None) -> dict[str, float]:
        """National vote totals per party code, or those of the seats ``mask`` names
        (:meth:`seat_mask`)."""
        votes = self.votes if mask is None else self.votes[self.seat_mask(mask)]
        return {p: float(v) for p, v in zip(self.parties, votes.sum(axis=0), strict=True)}

    def vote_shares(self, mask: npt.ArrayLike | None = None) -> dict[str, float]:
        """National vote share per party, 0-1, or that of the seats ``mask`` names
        (:meth:`seat_mask`)."""
        totals = self.total_votes(mask)
        grand = sum(totals.values())
        return {p: (v / grand if grand else 0.0) for p, v in totals.items()}

    def totals_by(self, level: str) -> dict[str, dict[str, float]]:
        """Vote totals per party for each nation (``level="nation"``) or region."""
        if level not in ("nation", "region"):
            raise ValueError(f"level must be 'nation' or 'region', not {level!r}")
        labels = self.nations if level == "nation" else self.regions
        return {str(label): self.total_votes(labels == label) for label in dict.fromkeys(labels)}

    def label(self, party: str) -> str:
        """Display label of a party code in this election (e.g. Reform is 'UKIP' in 2015; in a
        results file, as the file names it: :attr:`labels_id`)."""
        return party_label(party, self.labels_id)

    def colour(self, party: str) -> str:
        """Map colour of a party code in this election (:func:`party_colour`: Reform is UKIP's
        purple up to 2017; a party of a results file's own country by its column)."""
        return party_colour(party, self.labels_id, self.parties)

    def party_name(self, party: str) -> str:
        """A party code's name in a sentence about this election (:func:`party_name`:
        'Plaid Cymru' for PC, 'UKIP' for Reform in 2015)."""
        return party_name(party, self.labels_id)


#: The dataclass slots of the fields computed on first read, and the functions computing them.
_RAW_FIELDS: dict[str, Any] = {
    name: Election.__dict__[name]
    for name in ("votes", "valid_votes", "invalid_votes", "majority", "winner", "runner_up")
}
#: The fields an election is pickled with (:meth:`Election.__reduce__`): all but its caches.
_PICKLED_FIELDS: tuple[str, ...] = tuple(
    field_.name for field_ in fields(Election) if field_.name not in ("_seats", "_memo")
)


def _unpickled(values: dict[str, Any]) -> Election:
    """An election from the fields :meth:`Election.__reduce__` gave."""
    return Election(**{**values, "meta": MappingProxyType(values["meta"])})


for _name, _compute in (
    ("valid_votes", _compute_valid_votes),
    ("runner_up", _compute_runners_up),
    ("majority", _compute_runners_up),
):
    setattr(Election, _name, _Derived(_RAW_FIELDS[_name], _compute))


def _winners_from_candidates(
    candidates: Sequence[tuple[Candidate, ...]], parties: Sequence[str]
) -> tuple[IntArray, IntArray, FloatArray]:
    position = {party: i for i, party in enumerate(parties)}
    n_seats = len(candidates)
    winner = np.zeros(n_seats, dtype=np.int64)
    runner_up = np.zeros(n_seats, dtype=np.int64)
    majority = np.zeros(n_seats, dtype=np.float64)
    for seat, seat_candidates in enumerate(candidates):
        ranked = sorted(seat_candidates, key=lambda c: -c.votes)
        if not ranked:
            continue
        winner[seat] = position[ranked[0].party]
        if len(ranked) > 1:
            runner_up[seat] = position[ranked[1].party]
            majority[seat] = ranked[0].votes - ranked[1].votes
        else:  # unopposed
            runner_up[seat] = winner[seat]
            majority[seat] = ranked[0].votes
    return winner, runner_up, majority


def default_parties() -> tuple[str, ...]:
    """The full vocabulary in column order."""
    return PARTY_CODES
