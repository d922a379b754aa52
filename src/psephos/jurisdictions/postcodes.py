"""UK postcode -> place and Westminster seat, offline.

A UK postcode ("NW6 1AB"), postcode sector ("NW6 1") or postcode district ("NW6") is looked up
in the bundled ``postcodes`` table (built by ``scripts/build_postcodes.py`` from ONS NSPL May
2025 unit centroids, live units from OS Code-Point Open, assigned to ONS July 2024 constituency
boundaries by majority of unit centroids; see ``data/PROVENANCE-postcodes.md``). The table holds
sectors and districts, not single postcodes, so a full postcode is answered by its sector.

Where a sector's postcodes fall in more than one seat (the most likely seat holds less than
:data:`STRADDLE_SHARE` of them) the answer *straddles*: it says so and offers the seats. A
district often covers several seats and is a fallback for the seat, though fine for location.

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
from psephos.io.tables import table
from psephos.jurisdictions.geography import nearest_seat_index
from psephos.model import Election
from psephos.numbers import format_number

FloatArray = npt.NDArray[np.float64]

#: A sector or district whose main seat holds less than this share of its postcodes straddles.
STRADDLE_SHARE = 0.9

#: The boundary set of the bundled postcode -> seat assignment.
POSTCODE_BOUNDARY_SET = "2024"

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_UNIT = re.compile(rf"({_OUTWARD})([0-9])([A-Z]{{2}})")
_SECTOR = re.compile(rf"({_OUTWARD}) ([0-9])")
_DISTRICT = re.compile(rf"({_OUTWARD})")
_CROWN_DEPENDENCIES = ("GY", "JE", "IM")
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


@cache
def _postcodes() -> _PostcodeTable:
    frame = table("postcodes")
    keys = frame["key"].astype(str).tolist()
    return _PostcodeTable(
        index={key: row for row, key in enumerate(keys)},
        latitude=frame["latitude"].to_numpy(dtype=np.float64),
        longitude=frame["longitude"].to_numpy(dtype=np.float64),
        code=tuple(frame["code"].astype(str)),
        share=frame["share"].to_numpy(dtype=np.float64),
        n_seats=frame["n_seats"].to_numpy(dtype=np.int64),
        code_2nd=tuple(frame["code_2nd"].astype(str)),
        level=tuple(frame["level"].astype(str)),
    )


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
    parsed = parse_postcode(text)
    postcodes = _postcodes()
    row = postcodes.index.get(parsed.sector) if parsed.sector else None
    if row is None:
        row = postcodes.index.get(parsed.district)
    if row is None:
        area = re.match(r"[A-Z]+", parsed.district)
        if area and area.group() in _CROWN_DEPENDENCIES:
            raise UnknownPostcodeError(
                f"{parsed.text} is in the Channel Islands or the Isle of Man, which have no "
                "Westminster seat."
            )
        raise UnknownPostcodeError(
            f"No postcode district {parsed.district!r} in the bundled postcode table (ONS "
            "NSPL, May 2025). Check the postcode, or give a seat name."
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
        approximate: True on boundaries other than 2024 (nearest seat centre to the area).
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
            "approximate": self.approximate,
            "seats": [{"code": o.code, "name": o.name, "share": o.share} for o in self.options],
            "message": self.message,
        }


def seats_of_postcode(election: Election, text: str) -> PostcodeSeats:
    """The seat(s) of ``election`` a postcode, sector or district is in, where ``election`` is
    of a country whose seats UK postcodes place (:func:`psephos.jurisdictions.postcode_seats`
    checks that first).

    On the 2024 boundaries the bundled assignment is used; on older boundaries the seat whose
    centre is nearest the area's centre (an approximation, said so in ``message``).

    Raises:
        InvalidPostcodeError: not a postcode.
        UnknownPostcodeError: not in the table.
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
    seat = election.constituencies[nearest_seat_index(election, area.latitude, area.longitude)]
    options = (SeatOption(seat.code, seat.name, None),)
    return PostcodeSeats(area, options, True, _message(area, options, True))


def _message(area: PostcodeArea, options: tuple[SeatOption, ...], approximate: bool) -> str:
    """One sentence: where the postcode is, and what to do when it is ambiguous."""
    first = options[0]
    where = area.query if area.matched == area.query else f"{area.query} ({area.matched})"
    if approximate:
        return (
            f"{where} is nearest the centre of {first.name} on these boundaries "
            "(postcodes are assigned to the 2024 seats; older boundaries are approximate)."
        )
    if len(options) == 1:
        if area.matched_level == "district" and area.n_seats > 1:
            return (
                f"Most of {where} is in {first.name} ({format_number(area.share, '.0%')}); the "
                f"district spans {area.n_seats} seats: give your full postcode for a better match."
            )
        return f"{where} is in {first.name}."
    others = ", ".join(option.name for option in options[1:])
    return (
        f"{where} straddles {area.n_seats} seats: {format_number(area.share, '.0%')} of its "
        f"postcodes are in {first.name}, the rest "
        f"{'' if area.n_seats == 2 else 'mostly '}in {others}. "
        "Check your poll card, or choose a seat."
    )
