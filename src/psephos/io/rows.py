"""The one way psephos reads a row-shaped file: a declared row schema and row-numbered errors.

Every reader in :mod:`psephos.io` declares its row as a pydantic model (a subclass of
:class:`Row`) and reads through :func:`read_rows` (or :func:`validate_row` for formats that are
not CSV), so the same bad file gets the same message from the command line and the web app:
``"<what> row 7: votes: not a number ('12a')"``. Rows are numbered as lines of the file, the
header being row 1.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from psephos.errors import DataFormatError

RowT = TypeVar("RowT", bound="Row")


class Row(BaseModel):
    """Base of every declared row schema: frozen, whitespace stripped, unknown columns ignored."""

    model_config = ConfigDict(frozen=True, str_strip_whitespace=True, extra="ignore")


def describe_error(error: ValidationError) -> str:
    """One short phrase per invalid field: ``"votes: not a number ('12a')"``."""
    parts = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "row"
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "float_parsing":
            message = "not a number"
        if item["type"] in ("int_parsing", "int_from_float"):
            message = "not a whole number"
        value = item.get("input")
        if item["type"] == "missing" or (item["type"] == "string_too_short" and value == ""):
            message = "missing"
        shown = f" ({value!r})" if isinstance(value, str | int | float) and value != "" else ""
        parts.append(f"{field}: {message}{shown}")
    return "; ".join(parts)


def validate_row(
    schema: type[RowT],
    record: object,
    *,
    what: str,
    row: int,
    unit: str = "row",
    context: dict[str, object] | None = None,
) -> RowT:
    """One record checked against its schema (``context`` goes to its validators).

    Raises:
        DataFormatError: ``"<what> row N: field: problem"`` (``unit`` replaces "row").
    """
    try:
        return schema.model_validate(record, context=context)
    except ValidationError as error:
        raise DataFormatError(f"{what} {unit} {row}: {describe_error(error)}.") from None


def read_text(path: str | Path, *, what: str) -> str:
    """A UTF-8 text file (a byte-order mark is dropped).

    Raises:
        DataFormatError: the file does not exist or is not UTF-8 text.
    """
    file = Path(path)
    try:
        return file.read_text(encoding="utf-8-sig")
    except (FileNotFoundError, IsADirectoryError):
        raise DataFormatError(f"{what} {str(file)!r} does not exist.") from None
    except UnicodeDecodeError:
        raise DataFormatError(
            f"{what} {str(file)!r} is not UTF-8 text; save it as UTF-8 CSV."
        ) from None


def csv_records(
    text: str | Iterable[str], *, what: str, required: Sequence[str]
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The lower-cased header and ``(row number, {column: cell})`` for each non-blank line.

    ``text`` is the whole file or its lines (read lazily, so a feed on standard input is
    validated line by line as it arrives).

    Raises:
        DataFormatError: no header, or a required column missing (naming the header wanted).
    """
    lines = io.StringIO(text.lstrip("\ufeff")) if isinstance(text, str) else text
    reader = csv.reader(lines)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        raise DataFormatError(
            f"The {what} is empty; expected a header with columns {', '.join(required)}."
        ) from None
    missing = [column for column in required if column not in header]
    if missing:
        raise DataFormatError(
            f"The {what} lacks column(s) {', '.join(missing)}; expected a header with columns "
            f"{', '.join(required)} (found {', '.join(header) or 'none'})."
        )

    def records() -> Iterator[tuple[int, dict[str, str]]]:
        for number, cells in enumerate(reader, start=2):
            if not cells or all(not cell.strip() for cell in cells):
                continue
            padded = cells + [""] * (len(header) - len(cells))
            record = dict(zip(header, padded, strict=False))
            if len(cells) > len(header):
                record["__extra__"] = f"{len(cells)} fields but the header has {len(header)}"
            yield number, record

    return header, records()


def read_rows(
    path: str | Path, schema: type[RowT], *, what: str, required: Sequence[str]
) -> list[tuple[int, RowT]]:
    """Every row of a CSV file validated against ``schema``, with its row number.

    Raises:
        DataFormatError: a file problem, or the first invalid row (``"<what> row N: ..."``).
    """
    _, records = csv_records(read_text(path, what=what), what=what, required=required)
    return [
        (number, validate_row(schema, record, what=what, row=number)) for number, record in records
    ]
