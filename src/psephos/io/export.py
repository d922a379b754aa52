"""The one way psephos writes a table of rows as CSV text.

Every CSV psephos hands a person goes through :func:`csv_text`: ``--format csv`` of every
command, the web app's ``?format=csv`` downloads and the volunteer plan (web and
``psephos allocate --out``), so the same question gives the same file from either front door.
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
