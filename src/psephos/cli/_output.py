"""Shared output helpers for commands: table / csv / json rendering of row lists."""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table

from psephos.cli._contract import PRINTED_NOTES, note_printed, write_held_notes
from psephos.columns import legend
from psephos.errors import DataFormatError, collected_share_notes
from psephos.io.export import csv_text
from psephos.jurisdictions import available_elections
from psephos.numbers import clean, format_column, format_number, one_in, plain, points_column

if TYPE_CHECKING:
    from rich.progress import Progress

    from psephos.model import Election


def terminal_width() -> int | None:
    """The width output should follow: ``COLUMNS`` when set, else the terminal's own width
    (``None`` lets Rich ask the terminal); ``None`` also when piped, where tables are printed at
    their natural width (:func:`render`) so that nothing is cut."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) >= 20:
        return int(columns)
    return None


#: Wide enough for panels when output is piped (Rich would otherwise assume 80 columns).
console = Console(width=terminal_width() or (None if sys.stdout.isatty() else 140))

#: Progress bars, status lines and notes: stderr, so that stdout carries only the data.
status_console = Console(stderr=True)


#: Help text of every command's ``--poll`` (read by :func:`psephos.projection.read_poll`).
BASE_HELP = (
    "Bundled election whose result the poll is swung from: "
    + ", ".join(available_elections())
    + ". The latest result projects the next election; 2019-notional-2024 projects the 2024 "
    "election itself. Or the path of your own results CSV in the long format (seat_code, "
    "seat_name, party, votes)."
)
POLL_HELP = (
    "National vote shares in percent (Great Britain's for a UK election, Canada's for a "
    "Canadian one), e.g. 'Lab 35 Con 24 Reform 15 LD 12 Green 7', or a poll table: a CSV of "
    "polls (a date column, e.g. date or end_date, and one column per party), whose polls "
    "ending in the final seven days are averaged (or the window --poll-days and --poll-until "
    "give). "
    "Parties not named share the rest in proportion to the base; a poll above 100% is an error."
)

ADJUST_POLLS_HELP = (
    "Correct --poll (a final-week poll average) for the polls' systematic error at the "
    "bundled general elections since 1950 before the one projected (every one of them from "
    "the latest result; shrunk mean of result minus poll, Con, Lab and LD; "
    "every other party, named or not, shares what the three leave as it shared it before; "
    "docs/methodology/projection-poll-adjustment.md)."
)


def adjusted_poll(
    poll: str | None, adjust: bool, base: Election
) -> tuple[str | dict[str, float] | None, dict[str, float] | None]:
    """The GB poll a command projects, with ``--adjust-polls`` corrected by
    :func:`psephos.projection.polls.poll_bias` learnt before the election that followed
    ``base`` (as :func:`psephos.projection.history_before` limits the model's parameters: a
    replay of a past election is corrected out of sample, as ``psephos backtest --input
    polls-adjusted`` corrects it; from the latest result or a file, every bundled election),
    and the correction (points per party; ``None`` without it). A bad poll fails here, before
    anything prints; so does ``--adjust-polls`` for a ``base`` whose country has no bundled
    poll history."""
    if not adjust or poll is None:
        return poll, None
    from psephos.jurisdictions import following_id, of
    from psephos.model import projected_names_of
    from psephos.projection import read_poll
    from psephos.projection.polls import HISTORY_TABLE, poll_bias

    if not of(base).has_table(HISTORY_TABLE):
        raise DataFormatError(
            f"--adjust-polls corrects for the polls' error at earlier general elections, and "
            f"psephos bundles no poll history for {of(base).name}; leave it out."
        )

    shares = read_poll(poll, parties=base.parties, election_id=projected_names_of(base.labels_id))
    bias = poll_bias(following_id(base))
    correction = {party: round(value, 2) for party, value in bias.correction.items()}
    return bias.apply(shares), correction


def adjustment_note(correction: Mapping[str, float]) -> str:
    """The one ``note:`` line saying how ``--adjust-polls`` moved the poll."""
    return "Poll adjusted for the polls' error at earlier general elections: " + ", ".join(
        f"{party} {format_number(value, '+.1f')}" for party, value in correction.items()
    )


class OutputFormat(StrEnum):
    """How a command prints its result."""

    table = "table"
    csv = "csv"
    json = "json"


def chart_written(path: object, output: OutputFormat) -> None:
    """Say where a chart went (``Chart written to PATH``), after a table only: CSV and JSON on
    standard output stay files."""
    if output is OutputFormat.table:
        console.print(f"Chart written to {path}")


def progress(output: OutputFormat, *columns: Any) -> Progress:
    """A transient progress display (Rich's default columns, or ``columns``) on stderr, for long
    work. Shown only for table output with stderr on a terminal: CSV, JSON, pipes and error
    messages stay clean (Rich ends a display written to a file with a blank line)."""
    from rich.progress import Progress

    return Progress(
        *columns,
        console=status_console,
        transient=True,
        disable=output is not OutputFormat.table or not status_console.is_terminal,
    )


def counting_progress(label: str, unit: str, output: OutputFormat) -> Progress:
    """A progress bar ``label [bar] done/total unit, time left`` for long counted work
    (:func:`progress`: stderr, table output on a terminal only)."""
    from rich.progress import BarColumn, TextColumn, TimeRemainingColumn

    return progress(
        output,
        TextColumn(label),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,} " + unit),
        TimeRemainingColumn(),
    )


def working(label: str, output: OutputFormat) -> AbstractContextManager[Any]:
    """A transient spinner ``label`` on stderr while uncounted work of a second or more runs;
    shown only for table output on a terminal (pipes, CSV and JSON stay clean)."""
    if output is not OutputFormat.table or not status_console.is_terminal:
        return nullcontext()
    return status_console.status(label)


def _plain(value: Any) -> Any:
    """A value as CSV and JSON carry it: NaN as nothing, floats without their noise
    (:func:`psephos.numbers.clean`: no ``-0.0``, no ``-1.2800000000000011``)."""
    return plain(value) if isinstance(value, float) else value


class _NotFlat(Exception):
    """A row holds something other than a JSON scalar (the general encoder is used)."""


def _scalar(value: Any) -> str:
    """One JSON scalar exactly as ``json.dumps`` writes it (NaN as ``null``, as :func:`_plain`)."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if math.isfinite(value):
            return float.__repr__(clean(value))
        return "null" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):  # subclasses (a StrEnum, NumPy's floats) as json writes them
        return _encode_string(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return int.__repr__(value)
    if isinstance(value, float):
        return _scalar(float(value))
    raise _NotFlat


def _rows_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """``rows`` as ``json.dumps(..., indent=2)`` writes them as the value of a top-level key."""
    if not rows:
        return "[]"
    items = []
    for row in rows:
        if not row:
            items.append("{}")
            continue
        fields = []
        for key, value in row.items():
            if type(key) is not str:
                raise _NotFlat
            fields.append(f"      {_encode_string(key)}: {_scalar(value)}")
        items.append("{\n" + ",\n".join(fields) + "\n    }")
    return "[\n    " + ",\n    ".join(items) + "\n  ]"


def json_text(rows: Sequence[Mapping[str, Any]], extra: Mapping[str, Any] | None = None) -> str:
    """The JSON a command prints: ``extra`` with the rows under ``"rows"``, indented by 2, NaN
    written as ``null``. The same text as ``json.dumps(payload, indent=2, ensure_ascii=False)``;
    flat rows of plain values (the usual case: 100,000 volunteer assignments) are written
    directly, since the standard library's indenting encoder is pure Python and slow."""
    payload: dict[str, Any] = dict(extra or {})
    try:
        rows_text = _rows_text(rows)
    except _NotFlat:
        payload["rows"] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        return json.dumps(payload, indent=2, ensure_ascii=False)
    payload["rows"] = _ROWS_MARK
    text = json.dumps(payload, indent=2, ensure_ascii=False)
    marker = _encode_string(_ROWS_MARK)
    if text.count(marker) != 1:  # the mark also appears in ``extra``: write it all the slow way
        payload["rows"] = [{k: _plain(v) for k, v in row.items()} for row in rows]
        return json.dumps(payload, indent=2, ensure_ascii=False)
    return text.replace(marker, rows_text)


_ROWS_MARK = "\x00psephos rows\x00"
_encode_string = json.encoder.encode_basestring


def print_note(note: str, *, in_json: bool = True) -> None:
    """One ``note:`` line on stderr, whatever the format (stdout carries only the result), in
    colour on a terminal; kept for the JSON's ``notes`` (:func:`with_printed_notes`) unless
    ``in_json`` is false: a line the JSON gives in a field of its own (``allocate``'s report
    on the rows of the volunteers' file, its ``problems``)."""
    from rich.text import Text

    write_held_notes()  # a file's reading note first, as it came first
    status_console.print(
        Text.assemble(("note:", "yellow"), " ", note), highlight=False, soft_wrap=True
    )
    if in_json:
        note_printed(note)


def with_printed_notes(extra: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    """``extra`` with every ``note:`` line the command has printed on stderr in its ``notes``
    (:data:`PRINTED_NOTES`: a file read as its own country's, a poll completed...), in the
    order printed, then any of its own notes not printed; unchanged where none was printed."""
    if not PRINTED_NOTES:
        return extra
    own = list((extra or {}).get("notes") or [])
    return {**(extra or {}), "notes": list(dict.fromkeys([*PRINTED_NOTES, *own]))}


def render(
    rows: Sequence[Mapping[str, Any]],
    output: OutputFormat,
    *,
    title: str | None = None,
    formats: Mapping[str, str] | None = None,
    extra: Mapping[str, Any] | None = None,
    command: str | None = None,
) -> None:
    """Print rows as a Rich table, CSV (:func:`psephos.io.export.csv_text`) or JSON (JSON wraps
    rows with ``extra`` metadata).

    ``formats`` maps a column to a format spec, to ``"words"`` for a probability shown in
    words in a table ("about 1 in 10,000", never "0%": :func:`psephos.numbers.one_in`; from 5%
    up a percentage, ``".0%"``, or as the spec after a colon writes it: ``"words:.1%"``; a
    chance counted in simulations as the sentences beside the table write it, a bound within
    their noise: :func:`in_words`), or
    to ``"points"`` for a change in a probability shown in percentage points (``+8.66 pts``:
    :func:`psephos.numbers.points_column`); CSV and JSON always carry the plain numbers.
    Under a table, one legend line for each column whose meaning its header does not tell
    (:func:`psephos.columns.legend`), as ``command`` means it where that command writes a key
    for something else (``"allocate"``'s ``expected_seats``).
    """
    formats = formats or {}
    write_held_notes()  # the notes on how its files were read: not refused, so said now
    if output is OutputFormat.json:
        print(json_text(rows, with_printed_notes(extra)))
        return
    columns = list(rows[0].keys()) if rows else []
    if not rows and output is OutputFormat.table:
        console.print(f"{title + ': ' if title else ''}no rows.", highlight=False)
        return
    if output is OutputFormat.csv:
        print(csv_text(rows), end="")
        return
    rows, columns = _named_once(rows, columns)
    # a column with nothing in it (a file's seat without candidates' names) says nothing to a
    # reader: left out of the table (CSV and JSON keep it)
    columns = [column for column in columns if any(_said(row.get(column)) for row in rows)]
    numeric = [any(isinstance(row.get(column), int | float) for row in rows) for column in columns]
    decimals = _float_cells(rows, columns, formats)
    cell_rows: list[list[str]] = []
    for index, row in enumerate(rows):
        cells: list[str] = []
        for column in columns:
            value = row.get(column)
            if value is None or (isinstance(value, float) and math.isnan(value)):
                cells.append("")
            elif isinstance(value, bool):  # before int: a bool is an int to Python
                cells.append("yes" if value else "no")
            elif _in_words(formats.get(column)):  # a probability a person reads
                spec, draws = _words_spec(formats[column])
                cells.append(one_in(float(value), spec, draws=draws))
            elif index in decimals.get(column, {}):  # never 0.0 for a small number, never -0.0
                cells.append(decimals[column][index])
            elif column in formats:
                cells.append(format(value, formats[column]))
            elif isinstance(value, int):
                cells.append(f"{value:,}")
            else:
                cells.append(str(value))
        cell_rows.append(cells)
    print_table(_table(title, columns, numeric, cell_rows))
    width = terminal_width()  # the legend wraps as the table does (COLUMNS honoured)
    shown = console if width is None else Console(width=width, file=console.file)
    for line in legend(columns, command):
        shown.print(line, highlight=False)


#: The format of a probability written in words (:func:`render`), ``"words"`` or with the
#: spec of its percentages after a colon (``"words:.1%"``), and the simulations it is counted
#: in after an ``@`` (``"words:.1%@2000"``: :func:`in_words`).
WORDS = "words"


def in_words(spec: str = "", *, draws: int | None = None) -> str:
    """The :data:`WORDS` format of a column of chances: percentages from 5% up written with
    ``spec`` (default ``".0%"``), and a chance counted in ``draws`` simulations (a party's wins
    in 2,000) written as :func:`psephos.numbers.one_in` writes it with them, and as the
    sentences beside the table do (:func:`psephos.tactical.advice_text.chance`): one within
    the run's noise of 0 or 1 as a bound, "less than 1 in 500", never "about 1 in 670" under
    a sentence that says the bound."""
    counted = f"@{draws}" if draws else ""
    return f"{WORDS}:{spec}{counted}" if spec or counted else WORDS


def _in_words(spec: str | None) -> bool:
    """Whether a column's format writes its probabilities in words (:data:`WORDS`)."""
    return spec is not None and spec.partition(":")[0] == WORDS


def _words_spec(spec: str) -> tuple[str, int | None]:
    """The percentage spec of a :data:`WORDS` format (after its colon, else ``".0%"``) and
    the simulations its chances are counted in (after an ``@``, else ``None``)."""
    percent, _, draws = spec.partition(":")[2].partition("@")
    return percent or ".0%", int(draws) if draws else None


#: The least width a column of names is given when a table is fitted to the terminal
#: (:func:`_table`): narrower, and its words would be split rather than the headers.
NAME_MIN_WIDTH = 6


def _table(
    title: str | None, columns: list[str], numeric: list[bool], cell_rows: list[list[str]]
) -> Table:
    """A table of ``cell_rows`` that fits the width tables are printed at
    (:func:`table_width`), numbers and codes (``code``, ``*_code``) kept whole on one line:
    names wrap first, then headers over numbers (folded to the numbers' width), then the cells'
    padding goes; only a table too wide even so folds its numbers too. Every cell folds, never
    "…": nothing is cut."""
    from rich.cells import cell_len
    from rich.text import Text

    whole = [
        is_number or column == "code" or column.endswith("_code")
        for column, is_number in zip(columns, numeric, strict=True)
    ]
    widest = [max((cell_len(row[i]) for row in cell_rows), default=0) for i in range(len(columns))]
    named = sum(min(w, NAME_MIN_WIDTH) for w, kept in zip(widest, whole, strict=True) if not kept)
    width = table_width()
    layout = None  # (padding, whole columns as wide as their cells), the first that fits
    for padding, narrowed in ((1, False), (1, True), (0, True)):
        kept_width = sum(
            w if narrowed else max(w, cell_len(column))
            for column, w, kept in zip(columns, widest, whole, strict=True)
            if kept
        )
        chrome = len(columns) + 1 + 2 * padding * len(columns)  # borders and padding
        if width is None or chrome + kept_width + named <= width:
            layout = (padding, narrowed)
            break
    table = Table(title=title, title_justify="left", padding=(0, layout[0] if layout else 1))
    for column, is_number, kept, w in zip(columns, numeric, whole, widest, strict=True):
        table.add_column(
            Text(column, no_wrap=False, overflow="fold"),  # a header wraps over a kept column
            justify="right" if is_number else "left",
            overflow="fold",
            no_wrap=kept and layout is not None,
            max_width=max(w, 1) if kept and layout is not None and layout[1] else None,
        )
    for cells in cell_rows:
        table.add_row(*cells)
    return table


def _said(value: Any) -> bool:
    """Whether a table cell says anything: not empty, ``None`` or NaN (all shown blank)."""
    return value not in (None, "") and not (isinstance(value, float) and math.isnan(value))


def _named_once(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str]
) -> tuple[list[Mapping[str, Any]], list[str]]:
    """A table's rows with each party named once: a party column (``party``, ``winner``) with
    its ``_label`` beside it shows the label, the election's name for the party ("Reform
    UK" in 2024, "UKIP" in 2015, ``Lab``), in the code's place, and the label column is left
    out. CSV and JSON keep both (the code in ``party``, the label in ``party_label``)."""
    named = [column for column in columns if f"{column}_label" in columns]
    if not named:
        return list(rows), list(columns)
    labels = {f"{column}_label" for column in named}
    shown: list[Mapping[str, Any]] = [
        {
            **row,
            **{column: row.get(f"{column}_label") or row.get(column) for column in named},
        }
        for row in rows
    ]
    return shown, [column for column in columns if column not in labels]


def _float_cells(
    rows: Sequence[Mapping[str, Any]], columns: Sequence[str], formats: Mapping[str, str]
) -> dict[str, dict[int, str]]:
    """Each column's float cells as a table shows them (row index -> text), one number of
    decimal places a column (:func:`psephos.numbers.format_column`; a ``"points"`` column by
    :func:`psephos.numbers.points_column`)."""
    cells: dict[str, dict[int, str]] = {}
    for column in columns:
        if _in_words(formats.get(column)):  # written in words, not decimals
            continue
        points = formats.get(column) == "points"  # a change in a chance: 0 as well as 0.0
        found = [
            (index, value)
            for index, row in enumerate(rows)
            if _decimal(row.get(column), points) and not math.isnan(value := row[column])
        ]
        numbers = [float(value) for _, value in found]
        texts = points_column(numbers) if points else format_column(numbers, formats.get(column))
        cells[column] = {index: text for (index, _), text in zip(found, texts, strict=True)}
    return cells


def _decimal(value: Any, points: bool) -> bool:
    """Whether a cell is written by :func:`_float_cells`: a float, or in a ``"points"``
    column any number (not a ``bool``)."""
    if points:
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, float)


def table_width() -> int | None:
    """The width tables are printed at (:func:`print_table`): ``COLUMNS`` when set, else the
    terminal's; ``None`` when piped, where a table takes its natural width."""
    width = terminal_width()
    if width is None and console.is_terminal:
        return console.width
    return width


def print_table(table: Table) -> None:
    """Print a table at the terminal's width (``COLUMNS`` honoured); when piped with no
    ``COLUMNS``, at the table's natural width so no column is cut."""
    width = terminal_width()
    if width is None and not console.is_terminal:
        natural = console.measure(table, options=console.options.update(width=10_000)).maximum
        width = max(natural, 40)
    if width is None:
        console.print(table)
        return
    Console(width=width, file=console.file).print(table)


@contextmanager
def share_notes() -> Iterator[list[str]]:
    """Collect the share adjustments made inside the block
    (:func:`psephos.errors.collected_share_notes`) and print each as one ``note:`` line on
    stderr (:func:`print_note`), never as raw Python warning text. Yields the list of notes."""
    with collected_share_notes() as notes:
        yield notes
    for note in notes:
        print_note(note)
