"""The one way psephos writes a table of rows as CSV text.

Every CSV psephos hands a person goes through :func:`csv_text`: ``--format csv`` of every
command, the web app's ``?format=csv`` downloads and the volunteer plan (web and
``psephos allocate --out``), so the same question gives the same file from either front door.
A CSV *file* psephos writes (``--out``, ``--pairs``, and the web's downloads of those files and
of the sign-ups for allocation) starts with a UTF-8 byte-order mark (:func:`csv_file_text`),
which Excel needs to read it as UTF-8; standard output and its web twins do not, so pipes
stay plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from psephos.numbers import plain


def csv_columns(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()) -> list[str]:
    """The header of ``rows``: every key in the order first seen (the first row's keys when
    every row has the same ones), or ``columns`` when there are no rows."""
    if not rows:
        return list(columns)
    seen: dict[str, None] = dict.fromkeys(rows[0])
    for row in rows[1:]:
        if row.keys() != seen.keys():
            seen.update(dict.fromkeys(row))
    return list(seen)


def csv_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] = ()) -> str:
    """``rows`` as CSV text: a header (:func:`csv_columns`; ``columns`` names it when there are
    no rows), one line per row ending ``\\n``, a cell a row lacks left empty. Floats are
    written as files carry them (:func:`psephos.numbers.plain`: at most ten significant
    digits, no ``-0.0``, NaN as an empty cell); a boolean as ``true`` or ``false``, as JSON
    writes it; a line break in text as ``\\n``, quoted.

    Args:
        rows: The table, one mapping per row.
        columns: The header written when ``rows`` is empty (none: an empty line).
    """
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(rows, columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()


#: The UTF-8 byte-order mark a CSV file starts with (:func:`csv_file_text`).
BYTE_ORDER_MARK = "\ufeff"


def csv_file_text(text: str) -> str:
    """CSV ``text`` (:func:`csv_text`) as psephos writes it to a file (``allocate --out``,
    ``advise --pairs``) and the web app serves such a file (the volunteer plan, the swap
    pairs, the sign-ups for allocation): after a UTF-8 byte-order mark (one only, whatever
    ``text`` starts with). Excel on Windows reads a CSV without one as Windows-1252 and
    garbles every letter beyond ASCII (the "ô" of "Ynys Môn", the "ŵ" of "Glyndŵr", a
    volunteer's "Zoë"); with it, Excel, LibreOffice, pandas and every psephos reader
    (:func:`psephos.io.rows.decode_text`) read UTF-8. Standard output (``--format csv``) and
    its web twins (``?format=csv``, the same bytes) carry no mark: they are piped into other
    programs more often than opened."""
    return BYTE_ORDER_MARK + text.removeprefix(BYTE_ORDER_MARK)


def _cell(value: Any) -> Any:
    """A cell as written: a boolean as ``true`` or ``false`` (JSON's words, the same in every
    command's file, not Python's ``True``); a float as files carry it
    (:func:`psephos.numbers.plain`); a line break in text as ``\\n``, which the writer quotes
    (it leaves a lone ``\\r`` unquoted beside a ``\\n`` line end, and no reader could read
    the row back)."""
    if isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b":
        return "true" if value else "false"
    if isinstance(value, float):
        return plain(value)
    if isinstance(value, str) and "\r" in value:
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value
