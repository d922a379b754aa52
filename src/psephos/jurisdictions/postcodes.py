"""UK postcode -> place and Westminster seat, offline.

A UK postcode ("NW6 1AB"), postcode sector ("NW6 1") or postcode district ("NW6") is looked up
in the bundled ``postcodes`` table (built by ``scripts/build_postcodes.py`` from ONS NSPL May
2025 unit centroids, live units from OS Code-Point Open, assigned to ONS July 2024 constituency
boundaries by majority of unit centroids; see ``data/PROVENANCE-postcodes.md``). The table holds
sectors and districts, not single postcodes, so a full postcode is answered by its sector.

Where a sector's postcodes fall in more than one seat (the most likely seat holds less than
:data:`STRADDLE_SHARE` of them) the answer *straddles*: it says so and offers the seats. A
district often covers several seats and is a fallback for the seat, though fine for location.

On older boundaries (the 2010-2023 seats) the table has no seat: the 2024 seat's sectors are
shared among the old seats it was made from (``boundary_overlap``) by population and distance
(:func:`_sectors_in_old_seats`), an estimate the answer says is one.

Postcode format: outward code ``A9``, ``A99``, ``AA9``, ``AA99``, ``A9A`` or ``AA9A``; inward code
digit + two letters (Royal Mail Programmers' Guide to PAF, "Postcode format").

The lookup sits with the jurisdictions, below the capabilities that use it
(:func:`psephos.jurisdictions.postcode_seats`, :mod:`psephos.targeting`'s places and volunteers'
files), so that a postcode given where a seat is asked for can be answered with its seat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from psephos.errors import InvalidPostcodeError, UnknownPostcodeError
from psephos.io.tables import columns, table
from psephos.jurisdictions.geography import (
    centroids_of,
    great_circle_km,
    nearest_seat_index,
    unit_vectors,
)
from psephos.model import Election
from psephos.numbers import format_number

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

#: A sector or district whose main seat holds less than this share of its postcodes straddles.
STRADDLE_SHARE = 0.9

#: The boundary set of the bundled postcode -> seat assignment.
POSTCODE_BOUNDARY_SET = "2024"

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_UNIT = re.compile(rf"({_OUTWARD})([0-9])([A-Z]{{2}})")
_SECTOR = re.compile(rf"({_OUTWARD}) ([0-9])")
_DISTRICT = re.compile(rf"({_OUTWARD})")
_CROWN_DEPENDENCIES = ("GY", "JE", "IM")
#: Why a Crown dependency's postcode (Guernsey's GY, Jersey's JE, the Isle of Man's IM) has no
#: seat: the one wording of every command and page that reads a postcode
#: (:func:`no_seat_reason`).
CROWN_DEPENDENCY = "in the Channel Islands or the Isle of Man, which have no Westminster seat"
_EDGE_PUNCTUATION = re.compile(r"^[\s.,;:]+|[\s.,;:]+$")

Level = Literal["unit", "sector", "district"]


@dataclass(frozen=True, slots=True)
class ParsedPostcode:
    """A postcode split into its parts.

    Attributes:
        text: Normalised form ("NW6 1AB", "NW6 1" or "NW6").
        level: What was given: a full postcode, a sector or a district.
        district: Outward code ("NW6").
        sector: Sector ("NW6 1"), None for a district.
    """

    text: str
    level: Level
    district: str
    sector: str | None


def parse_postcode(text: str) -> ParsedPostcode:
    """Normalise a postcode, sector or district (case and spaces ignored; a hyphen reads as a
    space, and punctuation at either end, "NW6 1XY." or "nw6 1xy,", is dropped).

    Raises:
        InvalidPostcodeError: not in any postcode form, with what is allowed.
    """
    spaced = " ".join(_EDGE_PUNCTUATION.sub("", str(text)).upper().replace("-", " ").split())
    compact = spaced.replace(" ", "")
    unit = _UNIT.fullmatch(compact)
    if unit:
        district, digit, letters = unit.groups()
        return ParsedPostcode(
            f"{district} {digit}{letters}", "unit", district, f"{district} {digit}"
        )
    sector = _SECTOR.fullmatch(spaced)
    if sector:
        district, digit = sector.groups()
        return ParsedPostcode(f"{district} {digit}", "sector", district, f"{district} {digit}")
    if _DISTRICT.fullmatch(compact):
        return ParsedPostcode(compact, "district", compact, None)
    shown = str(text).strip()[:40]
    raise InvalidPostcodeError(
        f"{shown!r} is not a UK postcode. Give a full postcode ('NW6 1AB'), a sector "
        "('NW6 1') or a district ('NW6')."
    )


def looks_like_postcode(text: str) -> bool:
    """Whether ``text`` has the form of a postcode, sector or district."""
    try:
        parse_postcode(text)
    except InvalidPostcodeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class PostcodeArea:
    """Where a postcode is, and its 2024 seat.

    Attributes:
        query: The postcode as normalised (:class:`ParsedPostcode` ``text``).
        level: What was given ("unit", "sector" or "district").
        matched: The table row used: a sector ("NW6 1") or a district ("NW6").
        matched_level: "sector" or "district".
        latitude: Mean latitude of the matched area's postcodes (WGS84).
        longitude: Mean longitude.
        code: ONS code of the 2024 seat holding most of the area's postcodes.
        share: That seat's share of the area's postcodes (0-1).
        n_seats: How many 2024 seats the area's postcodes fall in.
        code_2nd: The seat holding the next most, "" when the area is in one seat.
    """

    query: str
    level: Level
    matched: str
    matched_level: Literal["sector", "district"]
    latitude: float
    longitude: float
    code: str
    share: float
    n_seats: int
    code_2nd: str

    @property
    def sector_unknown(self) -> bool:
        """True when a full postcode or sector was given and its sector is not in the table,
        so the area is its district's (a typo, or a sector new since the table)."""
        return self.level != "district" and self.matched_level == "district"

    @property
    def straddles(self) -> bool:
        """True when the main seat holds less than :data:`STRADDLE_SHARE` of the postcodes."""
        return self.n_seats > 1 and self.share < STRADDLE_SHARE

    @property
    def seat_codes(self) -> tuple[str, ...]:
        """Seats to offer: the main seat, and the runner-up where the area straddles."""
        if self.straddles and self.code_2nd:
            return (self.code, self.code_2nd)
        return (self.code,)


@dataclass(frozen=True, slots=True)
class _PostcodeTable:
    index: dict[str, int]
    latitude: FloatArray
    longitude: FloatArray
    code: tuple[str, ...]
    share: FloatArray
    n_seats: npt.NDArray[np.int64]
    code_2nd: tuple[str, ...]
    level: tuple[str, ...]
    n_postcodes: FloatArray


@cache
def _postcodes() -> _PostcodeTable:
    """The bundled postcode table, read once without pandas (a volunteers' file's places are
    checked against it, and ``psephos allocate`` loads no pandas)."""
    frame = columns("postcodes")

    def text(name: str) -> tuple[str, ...]:
        return tuple(str(value) for value in frame[name].tolist())

    keys = text("key")
    return _PostcodeTable(
        index={key: row for row, key in enumerate(keys)},
        latitude=np.asarray(frame["latitude"], dtype=np.float64),
        longitude=np.asarray(frame["longitude"], dtype=np.float64),
        code=text("code"),
        share=np.asarray(frame["share"], dtype=np.float64),
        n_seats=np.asarray(frame["n_seats"], dtype=np.int64),
        code_2nd=text("code_2nd"),
        level=text("level"),
        n_postcodes=np.asarray(frame["n_postcodes"], dtype=np.float64),
    )


#: How far beyond the furthest postcode sector centre of its nearest seat a point may lie and
#: still be taken for a place in the United Kingdom (km): a sector's centre is not its edge.
REACH_MARGIN_KM = 15.0


@cache
def _seat_reach() -> tuple[FloatArray, FloatArray, FloatArray, tuple[str, ...]]:
    """The 2024 seats' centres, and how far from its centre each seat's furthest postcode
    sector or district centre lies (km): how far a seat's own places reach. Read once."""
    postcodes = _postcodes()
    codes = tuple(sorted(set(postcodes.code)))
    centres = centroids_of(POSTCODE_BOUNDARY_SET, codes)
    if centres is None:  # the bundled tables always agree; a partial build does not
        raise UnknownPostcodeError("The bundled geography lacks seats of the postcode table.")
    latitudes, longitudes = centres
    position = {code: i for i, code in enumerate(codes)}
    seat = np.fromiter((position[code] for code in postcodes.code), dtype=np.int64)
    km = great_circle_km(postcodes.latitude, postcodes.longitude, latitudes[seat], longitudes[seat])
    reach = np.zeros(len(codes))
    np.maximum.at(reach, seat, km)
    return latitudes, longitudes, reach, codes


def beyond_the_seats(
    latitudes: npt.ArrayLike, longitudes: npt.ArrayLike
) -> list[tuple[float, str, float] | None]:
    """Per point, ``None`` where it may be in the United Kingdom; else how far it is from the
    nearest seat centre (km), that seat's ONS code and how far that seat's own places reach
    from its centre (km): a point further from every seat's centre than that seat's furthest
    postcode sector centre, plus :data:`REACH_MARGIN_KM`, is not in any seat (Dublin is 99 km
    from the nearest, whose places reach 36 km; the Isle of Man and the Channel Islands too,
    which a box of latitudes and longitudes lets in). Orkney, 117 km from its seat's centre,
    is in its seat's reach."""
    centre_latitude, centre_longitude, reach, codes = _seat_reach()
    latitude = np.atleast_1d(np.asarray(latitudes, dtype=np.float64))
    longitude = np.atleast_1d(np.asarray(longitudes, dtype=np.float64))
    answers: list[tuple[float, str, float] | None] = [None] * latitude.size
    # First the few nearest seat centres of every point (a k-d tree): a point within one of
    # their reaches is in the country, as nearly every point is. Only the others are measured
    # against every seat, so 100,000 volunteers take a fraction of a second, not seconds.
    nearby = _within_nearest_reach(latitude, longitude)
    doubtful = np.flatnonzero(~nearby)
    chunk = 4096  # points against every seat at once
    for start in range(0, doubtful.size, chunk):
        points = doubtful[start : start + chunk]
        km = great_circle_km(
            latitude[points, None], longitude[points, None], centre_latitude, centre_longitude
        )
        outside = ~(km <= reach + REACH_MARGIN_KM).any(axis=1)
        for offset in np.flatnonzero(outside).tolist():
            nearest = int(np.argmin(km[offset]))
            answers[int(points[offset])] = (
                float(km[offset, nearest]),
                codes[nearest],
                float(reach[nearest]),
            )
    return answers


#: How many of a point's nearest seat centres :func:`beyond_the_seats` tries first.
NEAREST_FIRST = 8


def _within_nearest_reach(latitude: FloatArray, longitude: FloatArray) -> npt.NDArray[np.bool_]:
    """Per point, whether its nearest seat centre, else one of its :data:`NEAREST_FIRST`
    nearest, has it within its reach (:func:`_seat_reach`, plus :data:`REACH_MARGIN_KM`):
    ``True`` is certain, and ``False`` leaves the point to be measured against every seat."""
    centre_latitude, centre_longitude, reach, _ = _seat_reach()
    if not latitude.size:
        return np.zeros(0, dtype=bool)
    tree = _seat_tree()
    vectors = unit_vectors(latitude, longitude)
    inside = np.zeros(latitude.size, dtype=bool)
    doubtful = np.arange(latitude.size)
    for k in sorted({1, min(NEAREST_FIRST, centre_latitude.size)}):  # the nearest, then more
        _, nearest = tree.query(vectors[doubtful], k=k)
        nearest = np.asarray(nearest).reshape(doubtful.size, k)
        km = great_circle_km(
            latitude[doubtful, None],
            longitude[doubtful, None],
            centre_latitude[nearest],
            centre_longitude[nearest],
        )
        cleared = (km <= reach[nearest] + REACH_MARGIN_KM).any(axis=1)
        inside[doubtful[cleared]] = True
        doubtful = doubtful[~cleared]
        if not doubtful.size:
            break
    return inside


@cache
def _seat_tree() -> Any:
    """A k-d tree of the seat centres of :func:`_seat_reach`, built once (SciPy imported here:
    a postcode look-up does not need it)."""
    from scipy.spatial import cKDTree

    centre_latitude, centre_longitude, _, _ = _seat_reach()
    return cKDTree(unit_vectors(centre_latitude, centre_longitude))


def no_seat_reason(district: str) -> str:
    """Why a postcode district has no Westminster seat: :data:`CROWN_DEPENDENCY` for the
    Channel Islands' and the Isle of Man's (``IM1``, ``JE2``, ``GY1``), else ``""``."""
    area = re.match(r"[A-Z]+", district.strip().upper())
    return CROWN_DEPENDENCY if area and area.group() in _CROWN_DEPENDENCIES else ""


def _sector_meant(text: str) -> str:
    """A "did you mean" for a sector typed without its space, ``nw61`` or ``sw1a1`` (read as
    the district NW61, which does not exist, or as no postcode at all): `` Did you mean the
    sector 'NW6 1'?`` where the table has that sector, else ``""``."""
    compact = "".join(_EDGE_PUNCTUATION.sub("", str(text)).upper().replace("-", " ").split())
    if len(compact) < 3 or not compact[-1].isdigit():
        return ""
    sector = f"{compact[:-1]} {compact[-1]}"
    return f" Did you mean the sector {sector!r}?" if sector in _postcodes().index else ""


def warm_postcodes() -> None:
    """Read the postcode table now (servers call this at start)."""
    _postcodes()


def lookup_postcode(text: str) -> PostcodeArea:
    """The place and 2024 seat of a postcode, sector or district.

    A full postcode or sector uses its sector; a sector missing from the table (new since the
    data, or terminated) falls back to its district.

    Raises:
        InvalidPostcodeError: not a postcode.
        UnknownPostcodeError: neither its sector nor its district is known.
    """
    try:
        parsed = parse_postcode(text)
    except InvalidPostcodeError as error:
        raise InvalidPostcodeError(f"{error}{_sector_meant(text)}") from None
    postcodes = _postcodes()
    row = postcodes.index.get(parsed.sector) if parsed.sector else None
    if row is None:
        row = postcodes.index.get(parsed.district)
    if row is None:
        if no_seat_reason(parsed.district):
            raise UnknownPostcodeError(f"{parsed.text} is {CROWN_DEPENDENCY}.")
        raise UnknownPostcodeError(
            f"No postcode district {parsed.district!r} in the bundled postcode table (ONS "
            f"NSPL, May 2025). Check the postcode, or give a seat name.{_sector_meant(text)}"
        )
    matched_level: Literal["sector", "district"] = (
        "sector" if postcodes.level[row] == "sector" else "district"
    )
    return PostcodeArea(
        query=parsed.text,
        level=parsed.level,
        matched=parsed.sector if matched_level == "sector" and parsed.sector else parsed.district,
        matched_level=matched_level,
        latitude=float(postcodes.latitude[row]),
        longitude=float(postcodes.longitude[row]),
        code=postcodes.code[row],
        share=float(postcodes.share[row]),
        n_seats=int(postcodes.n_seats[row]),
        code_2nd=postcodes.code_2nd[row],
    )


@dataclass(frozen=True, slots=True)
class SeatOption:
    """One seat a postcode may be in, for a given election.

    Attributes:
        code: ONS code in the election.
        name: Seat name in the election.
        share: Share of the area's postcodes in it (None where unknown: other boundaries).
    """

    code: str
    name: str
    share: float | None


@dataclass(frozen=True, slots=True)
class PostcodeSeats:
    """A postcode resolved to the seats of one election.

    Attributes:
        area: The postcode lookup.
        options: Seats to offer, most likely first (one unless the area straddles).
        approximate: True on boundaries other than 2024 (estimated from the old seats the
            area's 2024 seat was made from).
        message: One sentence for the user: where it is, and whether it straddles.
    """

    area: PostcodeArea
    options: tuple[SeatOption, ...]
    approximate: bool
    message: str

    @property
    def code(self) -> str:
        """The most likely seat."""
        return self.options[0].code

    @property
    def straddles(self) -> bool:
        """More than one seat is offered."""
        return len(self.options) > 1

    @property
    def unlisted(self) -> int:
        """How many of the seats the area's postcodes fall in are not offered (the table names
        the two that hold most; CR0 spans 6): 0 where every seat is offered, or one is and the
        area is not said to straddle (on older boundaries, estimated: 0)."""
        if self.approximate or not self.straddles:
            return 0
        return max(self.area.n_seats - len(self.options), 0)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "postcode": self.area.query,
            "given": self.area.level,
            "matched": self.area.matched,
            "matched_level": self.area.matched_level,
            "latitude": round(self.area.latitude, 5),
            "longitude": round(self.area.longitude, 5),
            "code": self.code,
            "name": self.options[0].name,
            "share": round(self.area.share, 3),
            "n_seats": self.area.n_seats,
            "straddles": self.straddles,
            "unlisted": self.unlisted,
            "approximate": self.approximate,
            "seats": [{"code": o.code, "name": o.name, "share": o.share} for o in self.options],
            "message": self.message,
        }


def seats_of_postcode(election: Election, text: str) -> PostcodeSeats:
    """The seat(s) of ``election`` a postcode, sector or district is in, where ``election`` is
    of a country whose seats UK postcodes place (:func:`psephos.jurisdictions.postcode_seats`
    checks that first).

    On the 2024 boundaries the bundled assignment is used; on older boundaries an estimate
    from the old seats the area's 2024 seat was made from (:func:`_sectors_in_old_seats`; an
    approximation, said so in ``message``).

    Raises:
        InvalidPostcodeError: not a postcode.
        UnknownPostcodeError: not in the table, or in none of ``election``'s seats (a results
            file of some seats: the nearest of those would be another place's seat).
    """
    area = lookup_postcode(text)
    boundary_set = election.constituencies[0].boundary_set if election.n_seats else ""
    if boundary_set == POSTCODE_BOUNDARY_SET:
        names = {seat.code: seat.name for seat in election.constituencies}
        options = tuple(
            SeatOption(code, names.get(code, code), round(area.share, 3) if i == 0 else None)
            for i, code in enumerate(area.seat_codes)
            if code in names
        )
        if options:
            return PostcodeSeats(area, options, False, _message(area, options, False))
        if election.from_file is not None:
            raise _in_no_seat(area, election)
    old_codes = tuple(code for code, _ in _predecessors(area.code))
    if (
        election.from_file is not None
        and old_codes
        and all(election.find_seat(code) is None for code in old_codes)
    ):
        raise _in_no_seat(area, election)
    seat = election.constituencies[_older_seat(election, area)]
    options = (SeatOption(seat.code, seat.name, None),)
    return PostcodeSeats(area, options, True, _message(area, options, True))


def _in_no_seat(area: PostcodeArea, election: Election) -> UnknownPostcodeError:
    """A postcode in none of the seats of a user's results file (one of some seats): the seat
    nearest it among them would be another place's."""
    return UnknownPostcodeError(
        f"{area.query} is in none of the seats of {election.source_name}; give your seat by "
        "name or code."
    )


def _older_seat(election: Election, area: PostcodeArea) -> int:
    """Position of the seat of ``election``, on boundaries other than the postcode table's,
    that ``area`` most likely lies in: among the old seats its 2024 seat was made from
    (``boundary_overlap``), the one :func:`_sectors_in_old_seats` shares its sector to (a
    district: the one whose centre is nearest); the seat whose centre is nearest where the
    election's seats are not those old seats (no overlap table covers them)."""
    old_codes = tuple(code for code, _ in _predecessors(area.code))
    positions = [
        position for position in map(election.find_seat, old_codes) if position is not None
    ]
    boundary_set = election.constituencies[0].boundary_set
    centres = centroids_of(boundary_set, old_codes) if old_codes else None
    if centres is None or len(positions) < len(old_codes):
        return nearest_seat_index(election, area.latitude, area.longitude)
    shared = _sectors_in_old_seats(boundary_set, area.code)
    if area.matched_level == "sector" and area.matched in shared:
        return positions[old_codes.index(shared[area.matched])]
    distance = great_circle_km(area.latitude, area.longitude, *centres)
    return positions[int(np.argmin(distance))]


@cache
def _predecessors(code: str) -> tuple[tuple[str, float], ...]:
    """The old seats a 2024 seat was made from, with the share of its population each gave
    it (the bundled ``boundary_overlap`` table), largest first."""
    overlap = table("boundary_overlap")
    rows = overlap[overlap["new_code"] == code].sort_values(
        "share_of_new_population", ascending=False
    )
    return tuple(
        (str(old), float(share))
        for old, share in zip(rows["old_code"], rows["share_of_new_population"], strict=True)
    )


@cache
def _sectors_in_old_seats(boundary_set: str, code: str) -> dict[str, str]:
    """Each postcode sector of the 2024 seat ``code`` -> the old seat (of ``boundary_set``) it
    most likely lay in: the seat's sectors are shared among the old seats it was made from, each
    old seat taking the share of the seat's postcodes that its share of the population says
    (``boundary_overlap``), so that the postcodes travel least in all to their old seat's
    centre (a transport problem, solved by HiGHS through :func:`scipy.optimize.linprog`; a
    sector split between two goes to the one taking most of it).

    Against point-in-polygon on the ONS December 2022 boundaries (the 2010-2023 seats) this
    places 90.5% of the live sectors' centres in the same seat, where the nearest seat centre
    places 73.2% (``tests/targeting/test_targeting_postcodes.py`` measures it)."""
    predecessors = _predecessors(code)
    centres = centroids_of(boundary_set, [old for old, _ in predecessors])
    postcodes = _postcodes()
    rows = [
        row
        for row, (level, seat) in enumerate(zip(postcodes.level, postcodes.code, strict=True))
        if level == "sector" and seat == code
    ]
    keys = {row: key for key, row in postcodes.index.items()}
    if centres is None or not rows:
        return {}
    if len(predecessors) == 1:
        return {keys[row]: predecessors[0][0] for row in rows}
    weights = postcodes.n_postcodes[rows]
    distance = np.stack(
        [
            great_circle_km(postcodes.latitude[row], postcodes.longitude[row], *centres)
            for row in rows
        ]
    )
    share = np.array([value for _, value in predecessors])
    taken = _transport(weights, share / share.sum() * weights.sum(), distance)
    return {keys[row]: predecessors[int(j)][0] for row, j in zip(rows, taken, strict=True)}


def _transport(weights: FloatArray, capacities: FloatArray, distance: FloatArray) -> IntArray:
    """For each source (a sector of ``weights`` postcodes), the destination (an old seat
    taking ``capacities`` postcodes) that takes most of it in the least-cost transport of
    every postcode, cost ``distance`` (sources x destinations) a postcode."""
    from psephos.solvers import linprog

    n_sources, n_destinations = distance.shape
    each_source = np.kron(np.eye(n_sources), np.ones(n_destinations))
    each_destination = np.kron(weights, np.eye(n_destinations))
    result = linprog(
        (distance * weights[:, None]).ravel(),
        A_eq=np.vstack([each_source, each_destination]),
        b_eq=np.concatenate([np.ones(n_sources), capacities]),
        bounds=(0, None),
        method="highs",
    )
    if result.status != 0:  # not expected (the shares always add up); the nearest centre
        return np.argmin(distance, axis=1)
    return np.argmax(result.x.reshape(n_sources, n_destinations), axis=1)


def _message(area: PostcodeArea, options: tuple[SeatOption, ...], approximate: bool) -> str:
    """One sentence: where the postcode is, and what to do when it is ambiguous."""
    first = options[0]
    where = area.query if area.matched == area.query else f"{area.query} ({area.matched})"
    if approximate:
        return (
            f"{where} is most likely in {first.name} on these boundaries (postcodes are "
            "assigned to the 2024 seats; on older boundaries psephos estimates the seat from "
            "the old seats its 2024 seat was made from, right for about 9 postcode sectors "
            "in 10)."
        )
    if len(options) == 1:
        if area.sector_unknown:  # the full postcode was given: do not ask for it again
            unknown = (
                f"The sector of {area.query} is not in the bundled postcode table (ONS NSPL, "
                f"May 2025; mistyped, or new since?), so its district {area.matched} was used"
            )
            if area.n_seats > 1:
                return (
                    f"{unknown}: most of {area.matched} is in {first.name} "
                    f"({format_number(area.share, '.0%')}); the district spans {area.n_seats} "
                    "seats: check the postcode."
                )
            return f"{unknown}: {area.matched} is in {first.name}."
        if area.matched_level == "district" and area.n_seats > 1:
            return (
                f"Most of {where} is in {first.name} ({format_number(area.share, '.0%')}); the "
                f"district spans {area.n_seats} seats: give your full postcode for a better match."
            )
        return f"{where} is in {first.name}."
    others = ", ".join(option.name for option in options[1:])
    unlisted = area.n_seats - len(options)
    rest = (
        f"the rest in {others}"
        if not unlisted
        else f"the next most in {others}, and the rest in {unlisted} other "
        f"{'seat' if unlisted == 1 else 'seats'} not listed here"
    )
    # a district (or a postcode's district, its sector unknown) is narrowed by a full postcode
    narrower = area.level == "district"
    then = (
        "Give your full postcode for a better match, or check your poll card."
        if narrower
        else "Check your poll card, or choose a seat"
        + (" (yours may be one not listed: give it by name)." if unlisted else ".")
    )
    return (
        f"{where} straddles {area.n_seats} seats: {format_number(area.share, '.0%')} of its "
        f"postcodes are in {first.name}, {rest}. {then}"
    )
