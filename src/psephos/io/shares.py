"""Share tables: party shares keyed by an area (sub-polls) or by a seat (seat shapes).

Two layouts are read, with a header row either way::

    area,party,share            area,Con,Lab,LD
    Scotland,SNP,30             Scotland,12,35,8
    Scotland,Lab,35             Wales,18,40,6

*Area shares* (``--by-region``) are keyed by an ``area``, ``region`` or ``nation`` column;
*seat shapes* (``--shape``: seat-level shares such as a published MRP's estimates, to which a
national poll is applied) by a seat column holding ONS codes or seat names: ``seat``,
``seat_code``, ``code``, ``constituency`` or ``seat_name``, or the names other publishers
give it (``ons_id``, ``PCON24CD``, ``Constituency name``, ...: :data:`SEAT_COLUMNS`). Columns
that name the row another way (a second seat column, such as a file's ``PCON24NM`` beside its
``PCON24CD``, or a ``region``, ``nation`` or ``country``) are not parties and are skipped.
Shares are percentages or fractions; a blank cell or ``NA`` is a party not estimated there.
Party names are kept as written (the projection reads them through the party vocabulary with
the rest of the poll).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path

from pydantic import Field

from psephos.errors import DataFormatError, InputWarning
from psephos.io.rows import (
    ShareCell,
    csv_records,
    file_named,
    header_as_written,
    read_file,
    shares_above_whole,
    validate_row,
)
from psephos.numbers import (
    FRACTIONS_UP_TO,
    ROUNDING_POINTS,
    format_number,
    listed,
    percent_factor,
)

#: Columns that name the area of an area-shares row, in order of preference.
AREA_COLUMNS = ("area", "region", "nation")
#: Columns that name the seat of a seat-shape row, in order of preference: psephos's own names,
#: then those of the ONS and House of Commons Library files and of published MRPs (headers are
#: read in lower case with single spaces, :func:`psephos.io.rows.column_name`).
SEAT_COLUMNS = (
    "seat",
    "seat_code",
    "code",
    "constituency",
    "seat_name",
    "ons_id",
    "ons_code",
    "ons code",
    "pcon24cd",
    "pcon25cd",
    "constituency_code",
    "constituency code",
    "seat name",
    "constituency_name",
    "constituency name",
    "pcon24nm",
    "pcon25nm",
)
#: Columns that describe where a seat is, beside its seat column: not parties.
PLACE_COLUMNS = ("region", "nation", "country", "region_name", "country_name")
#: Cells read as "no estimate" in the wide layout (and as a party a poll did not report in a
#: poll table, :mod:`psephos.io.polls`): blank, ``NA``, ``n/a``, a hyphen or a dash.
MISSING = ("", "na", "n/a", "-", "\u2013", "\u2014")


class ShareTable(dict[str, dict[str, float]]):
    """A share table as read: key -> {party: share} (a plain dict to every caller), which also
    knows where each key and each of its parties was given (:func:`given_at`), so that a later
    check of a key (an area name the election has not) or of a party (a name no party of the
    area answers to) names the file and row as the reader's own messages do.

    Attributes:
        what: What messages call the table (``"shares file 'areas.csv'"``).
        rows: Each key -> the row that first gave it.
        party_rows: Each key -> each party given for it -> the row that gave it.
    """

    def __init__(
        self,
        shares: dict[str, dict[str, float]],
        *,
        what: str,
        rows: dict[str, int],
        party_rows: dict[str, dict[str, int]] | None = None,
    ) -> None:
        super().__init__(shares)
        self.what = what
        self.rows = rows
        self.party_rows = party_rows or {}


def given_at(table: object, key: object, party: object = None) -> str:
    """Where a share table gave ``key`` (``"shares file 'areas.csv' row 2"``), or the share of
    ``party`` for it (the row of that party), for a message about it; ``""`` for a table that
    is not a read file's (a mapping built in code)."""
    if not isinstance(table, ShareTable) or str(key) not in table.rows:
        return ""
    row = table.party_rows.get(str(key), {}).get(str(party), table.rows[str(key)])
    return f"{table.what} row {row}"


class ShareRow(ShareCell):
    """One party's share in one area or seat (a percentage or a fraction; ``%`` allowed)."""

    key: str = Field(min_length=1)
    party: str = Field(min_length=1)
    share: float = Field(ge=0)


def read_share_table(
    path: str | Path, *, what: str, keys: tuple[str, ...], skip: tuple[str, ...] = ()
) -> dict[str, dict[str, float]]:
    """Key -> {party: share} from a long or wide share table file (see the module docs), read
    by :func:`parse_share_table`; ``what`` says what the file is ("shares file").

    Raises:
        DataFormatError: a missing file or one that is not text, or as
            :func:`parse_share_table`.
    """
    read = read_file(path, what=what)
    return parse_share_table(read.text, what=file_named(what, read.name), keys=keys, skip=skip)


def parse_share_table(
    text: str, *, what: str, keys: tuple[str, ...], skip: tuple[str, ...] = ()
) -> dict[str, dict[str, float]]:
    """Key -> {party: share} from a long or wide share table's text (see the module docs), as
    a :class:`ShareTable` that knows each key's row, the one reader of share tables, from a
    file (:func:`read_share_table`) or text a page was given; ``what`` names the table in
    messages (``"shares file 'areas.csv'"``). The first of ``keys`` in the header keys the
    rows; the other ``keys`` and the ``skip`` columns are not parties.

    Raises:
        DataFormatError: no key column, a row without a key, a share that is not a
            non-negative number (naming the row), a party given twice for one key, or no
            shares at all.
    """
    shown = keys[:5]  # psephos's own names; the rest are other publishers' for the same
    key_columns = f"{', '.join(repr(k) for k in shown[:-1])} or {shown[-1]!r}"
    expected = (
        f"one of the columns {key_columns} and the shares ({keys[0]},party,share or "
        f"{keys[0]},Con,Lab,...)"
    )
    # every column may hold shares: a decimal comma reads as a point where semicolons separate
    table, rows = _share_rows(text, what=what, keys=keys, skip=skip, expected=expected)
    return ShareTable(
        table,
        what=what,
        rows={key: numbers[0] for key, numbers in rows.items()},
        party_rows={
            key: dict(zip(table[key], numbers, strict=True)) for key, numbers in rows.items()
        },
    )


def _share_rows(
    text: str, *, what: str, keys: tuple[str, ...], skip: tuple[str, ...], expected: str
) -> tuple[dict[str, dict[str, float]], dict[str, list[int]]]:
    """:func:`parse_share_table`'s table, and each key's row numbers (for messages), one for
    each of its parties in the order given (a wide row's number once for each)."""
    shown = keys[:5]
    key_columns = f"{', '.join(repr(k) for k in shown[:-1])} or {shown[-1]!r}"
    header, records = csv_records(text, what=what, required=(), expected=expected, numbers="all")
    key_column = next((column for column in keys if column in header), None)
    # The header is lower-cased by csv_records; keep the columns' names as the file spells them.
    spelled = header_as_written(text)
    if key_column is None:
        first = next(iter(records), (0, {}))[1]
        short = next(
            (c for c, cell in first.items() if str(cell).strip().upper().startswith("UKPARL.")),
            None,
        )
        codes = (
            f"; its {spelled.get(short, short)!r} column holds UKPARL.2025 short codes, "
            "which psephos does not read: give each seat's ONS code (PCON24CD, e.g. "
            "E14001174) or name (mySociety's UKPARL.2025 to PCON24 lookup maps them)"
            if short is not None
            else ""
        )
        raise DataFormatError(
            f"The {what} has no {key_columns} column (found {', '.join(header) or 'none'}){codes}."
        )
    long = "party" in header and "share" in header
    parties = [c for c in header if c not in (*keys, *skip) and not c.startswith("__")]
    out: dict[str, dict[str, float]] = {}
    rows: dict[str, list[int]] = {}
    for number, record in records:
        key = record.get(key_column, "").strip()
        if not key:
            raise DataFormatError(f"{what} row {number}: {key_column}: missing.")
        pairs = (
            [(record.get("party", ""), record.get("share", ""))]
            if long
            else [
                (spelled.get(column, column), record.get(column, ""))
                for column in parties
                if record.get(column, "").strip().lower() not in MISSING
            ]
        )
        for party, share in pairs:
            row = validate_row(
                ShareRow, {"key": key, "party": party, "share": share}, what=what, row=number
            )
            shares = out.setdefault(row.key, {})
            if row.party in shares:
                raise DataFormatError(
                    f"{what} row {number}: {row.party!r} is given twice for {row.key!r}."
                )
            shares[row.party] = row.share
            rows.setdefault(row.key, []).append(number)
    if not out:
        raise DataFormatError(f"The {what} has no shares.")
    return out, rows


#: What messages call an area shares file (:func:`psephos.io.rows.file_named`).
AREA_SHARES_WHAT = "shares file"
#: What messages call area shares given as text without a file name (a page's box).
AREA_SHARES_TEXT = "area shares table"


#: Area shares as read (:func:`read_area_shares_csv`, :func:`parse_area_shares`): area (a
#: region or nation, as written) -> party (as written) -> share.
AreaShares = Mapping[str, Mapping[str, float]]


class FrozenAreaShares(tuple[tuple[str, tuple[tuple[str, float], ...]], ...]):
    """:data:`AreaShares` as a cache's key (:func:`frozen_area_shares`): each area and its
    shares in the order given. Two are equal (one key) when their shares are; where a file's
    table (:class:`ShareTable`) was frozen, it also keeps where each area and party was
    given, so the table :func:`thawed_area_shares` gives back still names the file and row
    in a refusal (:func:`given_at`)."""

    what: str | None = None
    rows: tuple[tuple[str, int], ...] = ()
    party_rows: tuple[tuple[str, tuple[tuple[str, int], ...]], ...] = ()


def frozen_area_shares(areas: AreaShares | None) -> FrozenAreaShares | None:
    """Area shares as a key a cache keeps (each area's shares in the order given), so an
    answer cached by its inputs (the advice's simulated shares) is found again for the same
    poll and sub-polls; ``None`` (or none) stays ``None``. :func:`thawed_area_shares` gives
    them back."""
    if not areas:
        return None
    frozen = FrozenAreaShares((area, tuple(shares.items())) for area, shares in areas.items())
    if isinstance(areas, ShareTable):
        frozen.what = areas.what
        frozen.rows = tuple(areas.rows.items())
        frozen.party_rows = tuple(
            (key, tuple(parties.items())) for key, parties in areas.party_rows.items()
        )
    return frozen


def thawed_area_shares(frozen: FrozenAreaShares | None) -> dict[str, dict[str, float]] | None:
    """The area shares :func:`frozen_area_shares` froze, as read: a :class:`ShareTable` that
    names where each was given, where a file's table was frozen."""
    if frozen is None:
        return None
    shares = {area: dict(given) for area, given in frozen}
    if frozen.what is None:
        return shares
    return ShareTable(
        shares,
        what=frozen.what,
        rows=dict(frozen.rows),
        party_rows={key: dict(parties) for key, parties in frozen.party_rows},
    )


def area_shares_words(areas: AreaShares | None) -> str:
    """How an answer names the area shares its base was projected to, beside a poll or
    alone: ``"area shares for Scotland and Wales"``; ``""`` for none."""
    return f"area shares for {listed(list(areas))}" if areas else ""


def read_area_shares_csv(path: str | Path) -> dict[str, dict[str, float]]:
    """Per-area shares (``--by-region``): area (region or nation) -> {party: share}.

    Raises:
        DataFormatError: see :func:`read_share_table`.
    """
    return read_share_table(path, what=AREA_SHARES_WHAT, keys=AREA_COLUMNS)


def parse_area_shares(text: str, *, name: str | None = None) -> dict[str, dict[str, float]]:
    """:func:`read_area_shares_csv` for text already in memory: an upload called ``name``, or
    (no ``name``) the text typed into a page's box, named :data:`AREA_SHARES_TEXT` in
    messages ("area shares table row 3: share: ...").

    Raises:
        DataFormatError: see :func:`parse_share_table`.
    """
    what = file_named(AREA_SHARES_WHAT, name) if name else AREA_SHARES_TEXT
    return parse_share_table(text, what=what, keys=AREA_COLUMNS)


#: What messages call a seat shape file (:func:`psephos.io.rows.file_named`).
SEAT_SHAPES_WHAT = "seat shape file"


def read_seat_shapes_csv(path: str | Path) -> dict[str, dict[str, float]]:
    """Seat-level shares (``--shape``): seat (ONS code or name) -> {party: share}, read by
    :func:`parse_seat_shapes`.

    Raises:
        DataFormatError: a missing file or one that is not text, or as
            :func:`parse_seat_shapes`.
    """
    read = read_file(path, what=SEAT_SHAPES_WHAT)
    return parse_seat_shapes(read.text, what=file_named(SEAT_SHAPES_WHAT, read.name))


def parse_seat_shapes(text: str, *, what: str) -> dict[str, dict[str, float]]:
    """A seat shape table's text (:func:`parse_share_table`), each seat's shares read as
    percentages or, adding up to at most 1.5, fractions (:func:`psephos.numbers.percent_factor`,
    seat by seat, as an exit-poll sample's are), with an
    :class:`~psephos.errors.InputWarning` where some seats are read one way and some the
    other.

    Raises:
        DataFormatError: as :func:`parse_share_table`, and a seat whose shares add up to more
            than 100% beyond rounding (:data:`psephos.numbers.ROUNDING_POINTS`), naming its
            rows (:func:`psephos.io.rows.shares_above_whole`), as the exit-poll sample's and
            the area shares' are refused.
    """
    shown = SEAT_COLUMNS[:5]
    key_columns = f"{', '.join(repr(k) for k in shown[:-1])} or {shown[-1]!r}"
    expected = (
        f"one of the columns {key_columns} and the shares ({SEAT_COLUMNS[0]},party,share or "
        f"{SEAT_COLUMNS[0]},Con,Lab,...)"
    )
    table, rows = _share_rows(
        text, what=what, keys=SEAT_COLUMNS, skip=PLACE_COLUMNS, expected=expected
    )
    fractions = 0
    for seat, shares in table.items():
        total = sum(shares.values())
        factor = percent_factor(total)
        fractions += factor != 1.0
        if total * factor > 100.0 + ROUNDING_POINTS:
            raise shares_above_whole(what, rows[seat], repr(seat), total * factor)
    if 0 < fractions < len(table):
        warnings.warn(
            f"The {what} gives its shares as fractions in {fractions} seat(s) (adding up to "
            f"at most {format_number(FRACTIONS_UP_TO)}) and as percentages in "
            f"{len(table) - fractions}; each seat's are read by their own total.",
            InputWarning,
            stacklevel=2,
        )
    return table
