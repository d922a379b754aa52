"""Vote-swap offer files: voters offering to vote for another party where it helps more.

Format (CSV with a header)::

    seat,preferred,willing
    E14000727,Green,Lab

``seat`` is an ONS code or name (a seat of the other boundary set is followed as ``advise``
follows it, with a note: :func:`psephos.tactical.swaps.aggregate_offers`); ``preferred`` the
party the voter would like to vote for, ``willing`` the party they will vote for in exchange
(it must stand in the seat, and ``preferred`` may not be an Independent or Other: checked
against the election when the offers are matched, :func:`psephos.tactical.swaps.aggregate_offers`).
A file with no rows (its header saved alone) is refused: there is nothing to match.

Optional columns say who made each offer, so that a matching can say who swaps with whom
(:meth:`psephos.tactical.swaps.SwapMatch.offer_pairs`): ``id`` (the organiser's own reference,
shown beside the row number), and ``name`` and ``email`` (also "Full name", "E-mail", "Email
address"). Names and e-mail addresses are personal data: they are kept only when asked for
(``keep_personal``: ``psephos swap --include-personal``, the web page's box), never named in a
message or note. Other columns are ignored, with a note naming them. Notes are
:class:`~psephos.errors.InputWarning`:

* A row the same as an earlier one in every column read, in a file with an ``id``, ``name`` or
  ``email`` column, is one sign-up saved twice: read once. Without those columns two such rows
  are two voters who cannot be told apart: both are read, and a note counts them.
* Rows sharing an ``email`` (case ignored) are kept (one person may offer two swaps, and be
  matched twice), and a note names the rows.
* An ``id`` on two rows that differ is refused: which offer it means cannot be told.

Every bad row is named in one error (:func:`psephos.io.rows.bad_rows_error`), so a file is
fixed in one go; ``psephos swap`` and the web's swap page name them together with the offers
the election refuses (an unknown seat or party: :func:`read_checked_swap_offers`,
:func:`psephos.tactical.swaps.match_swaps`).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pandas as pd
from pydantic import Field, model_validator

from psephos.errors import DataFormatError, InputWarning, warn_caller
from psephos.io.rows import (
    Row,
    RowFault,
    bad_rows_error,
    checked_records,
    csv_records,
    file_named,
    named_columns,
    read_file,
)
from psephos.numbers import counted, first_listed, listed, plural_of

COLUMNS = ("seat", "preferred", "willing")
#: The optional column of an offer's own reference (shown beside its row number).
ID_COLUMN = "id"
#: Personal data: kept only when asked for (``keep_personal``), never in a message or note.
PERSONAL_COLUMNS = ("name", "email")
#: Other spellings of the columns (after :func:`psephos.io.rows.column_name`): a sign-up
#: form's export heads the seat as the results reader's ``Constituency`` or asks for a
#: ``Postcode`` (read as its seat), and its parties as ``Preferred party``.
ALIASES = {
    "constituency": "seat",
    "constituency name": "seat",
    "seat name": "seat",
    "postcode": "seat",
    "preferred party": "preferred",
    "willing party": "willing",
    "full name": "name",
    "e mail": "email",
    "email address": "email",
    "e mail address": "email",
}
#: Most row numbers a note lists (the rest are counted).
NOTE_ROWS = 10
#: What messages call the file (:func:`psephos.io.rows.file_named`).
WHAT = "swap-offer file"


class SwapOfferRow(Row):
    """One offer; the two parties must differ."""

    seat: str = Field(min_length=1)
    preferred: str = Field(min_length=1)
    willing: str = Field(min_length=1)
    id: str = ""
    name: str = ""
    email: str = ""

    @model_validator(mode="after")
    def _different(self) -> SwapOfferRow:
        if self.preferred.lower() == self.willing.lower():
            raise ValueError("preferred and willing parties are the same")
        return self


def read_swap_offers(path: str | Path, *, keep_personal: bool = False) -> pd.DataFrame:
    """Offers as a table with columns ``seat``, ``preferred``, ``willing`` (one row each), and
    ``id`` where the file has one (``name`` and ``email`` too with ``keep_personal``), indexed
    by their row of the file (``row``: the header is row 1), so a later error can name the row.

    Raises:
        DataFormatError: no such file, a missing column, invalid rows (every one named by
            number in one error: :func:`psephos.io.rows.bad_rows_error`), or no rows at all.
    """
    read = read_file(path, what=WHAT)
    return parse_swap_offers(read.text, name=read.name, keep_personal=keep_personal)


def parse_swap_offers(text: str, *, name: str, keep_personal: bool = False) -> pd.DataFrame:
    """:func:`read_swap_offers` for text already in memory (an upload called ``name`` in
    messages).

    Raises:
        DataFormatError: a missing column, invalid rows (every one named by number in one
            error), or no rows at all.
    """
    offers, faults = check_swap_offers(text, name=name, keep_personal=keep_personal)
    if faults:
        raise bad_rows_error(file_named(WHAT, name), faults)
    return offers


def read_checked_swap_offers(
    path: str | Path, *, keep_personal: bool = False
) -> tuple[pd.DataFrame, list[RowFault]]:
    """:func:`check_swap_offers` of a file: the offers that read, and every row that does
    not, for a caller that checks the offers against an election before refusing the file,
    so that every bad row is named at once (:func:`psephos.tactical.swaps.match_swaps`'s
    ``faults``).

    Raises:
        DataFormatError: no such file, a missing column, or no rows at all.
    """
    read = read_file(path, what=WHAT)
    return check_swap_offers(read.text, name=read.name, keep_personal=keep_personal)


def check_swap_offers(
    text: str, *, name: str, keep_personal: bool = False
) -> tuple[pd.DataFrame, list[RowFault]]:
    """Every row of a swap-offer file checked before any is refused: the offers that read (as
    :func:`parse_swap_offers` gives them), and each row that does not, with its number and
    problem (a missing cell, the same party preferred and willing, an id an earlier row
    gives to a different offer), in row order, as the volunteer and stand-down readers check
    theirs (:func:`psephos.io.rows.checked_rows`).

    Raises:
        DataFormatError: a missing column, or no rows at all.
    """
    what = file_named(WHAT, name)
    known = (ID_COLUMN, *PERSONAL_COLUMNS)
    header, records = csv_records(text, what=what, required=COLUMNS, known=known, aliases=ALIASES)
    rows, faults = checked_records(SwapOfferRow, records)
    if not rows and not faults:
        raise DataFormatError(
            f"The {what} has no offers; give a seat,preferred,willing row for each voter "
            "offering a swap (the seat they vote in, the party they prefer, the party they "
            "will vote for in exchange)."
        )
    identified = [column for column in known if column in header]
    rows = _without_copies(rows, identified)
    if ID_COLUMN in header:
        rows, clashes = _without_id_clashes(rows)
        faults = sorted([*faults, *clashes])
    if "email" in header:
        _note_shared_emails(rows)
    _note_columns(header, keep_personal)
    columns = [*COLUMNS, *(c for c in identified if keep_personal or c == ID_COLUMN)]
    offers = pd.DataFrame(
        [[getattr(row, column) for column in columns] for _, row in rows],
        columns=columns,
        index=pd.Index([number for number, _ in rows], name="row", dtype="int64"),
    )
    return offers, faults


def _key(row: SwapOfferRow) -> tuple[str, ...]:
    return (row.seat, row.preferred, row.willing, row.id, row.name, row.email.casefold())


def _rows_named(numbers: list[int]) -> str:
    """Row numbers as a note lists them ("rows 3, 7"): the first :data:`NOTE_ROWS`, the
    rest counted."""
    shown = first_listed([str(number) for number in numbers], NOTE_ROWS)
    return f"{plural_of(len(numbers), 'row')} {shown}"


def _without_copies(
    rows: list[tuple[int, SwapOfferRow]], identified: list[str]
) -> list[tuple[int, SwapOfferRow]]:
    """The rows with each copy of an earlier row dropped where the file says who made each
    offer (one sign-up saved twice), else all of them; a note either way."""
    seen: set[tuple[str, ...]] = set()
    copies: list[int] = []
    kept = []
    for number, row in rows:
        key = _key(row)
        if key in seen:
            copies.append(number)
            if identified:
                continue
        seen.add(key)
        kept.append((number, row))
    if copies and identified:
        warn_caller(
            f"{counted(len(copies), 'row')} the same as an earlier row in every column read "
            f"(one sign-up saved twice), read once: {_rows_named(copies)}.",
            InputWarning,
        )
    elif copies:
        warn_caller(
            f"{counted(len(copies), 'offer')} the same as an earlier one ("
            f"{_rows_named(copies)}) read as different voters: the file has no id, name or "
            "email column to tell one person signing up twice; add an id column to check.",
            InputWarning,
        )
    return kept


def _without_id_clashes(
    rows: list[tuple[int, SwapOfferRow]],
) -> tuple[list[tuple[int, SwapOfferRow]], list[RowFault]]:
    """The rows without those whose id an earlier row gives (the copies of a row already
    dropped: these differ from it, so which offer the id means cannot be told), and each of
    those as a bad row."""
    first: dict[str, int] = {}
    kept: list[tuple[int, SwapOfferRow]] = []
    clashes: list[RowFault] = []
    for number, row in rows:
        if row.id and row.id in first:
            clashes.append(
                (
                    number,
                    f"id {row.id!r} is row {first[row.id]}'s too, a different offer; give "
                    "each offer its own id (or delete the row that is wrong)",
                )
            )
            continue
        if row.id:
            first[row.id] = number
        kept.append((number, row))
    return kept, clashes


def _note_shared_emails(rows: list[tuple[int, SwapOfferRow]]) -> None:
    """A note naming the rows that share an e-mail address (never the address)."""
    by_email: dict[str, list[int]] = defaultdict(list)
    for number, row in rows:
        if row.email:
            by_email[row.email.casefold()].append(number)
    shared = sorted(
        number for numbers in by_email.values() if len(numbers) > 1 for number in numbers
    )
    if shared:
        warn_caller(
            f"{_rows_named(shared).capitalize()} share an e-mail address with another row: one "
            "person offering more than one swap may be matched more than once; keep one row "
            "each.",
            InputWarning,
        )


def _note_columns(header: list[str], keep_personal: bool) -> None:
    """Notes on the columns not read, and on personal ones left out."""
    known = {*COLUMNS, ID_COLUMN, *PERSONAL_COLUMNS}
    ignored = [column for column in named_columns(header) if column not in known]
    if ignored:
        warn_caller(f"Columns ignored: {', '.join(ignored)}.", InputWarning)
    personal = [column for column in PERSONAL_COLUMNS if column in header]
    if personal and not keep_personal:
        warn_caller(
            f"{plural_of(len(personal), 'Column')} {listed(personal)}: personal "
            "data, left out of the answer unless asked for (psephos swap --include-personal; "
            "the web page's box); offers are named by row"
            f"{' and id' if ID_COLUMN in header else ''}.",
            InputWarning,
        )
