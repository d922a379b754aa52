"""``psephos nowcast``: results-night projection, replayed or fed live."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

import typer
from rich.progress import Progress

from psephos.cli._output import OutputFormat, console, render
from psephos.errors import DataFormatError
from psephos.forecast.charts import check_chart_path, convergence_chart
from psephos.forecast.nowcast import Nowcast, replay
from psephos.jurisdictions import load

nowcast_app = typer.Typer(
    help="Results-night nowcast: replay a past night or feed declarations as they arrive.",
    no_args_is_help=True,
)


def read_declarations(handle: TextIO) -> Iterator[tuple[str, dict[str, float]]]:
    """Declarations from JSON lines (``{"seat": ..., "votes": {"Con": 123, ...}}``) or a CSV
    in the long format (``seat_code,party,votes``, one seat's rows together).

    Raises:
        DataFormatError: naming the bad line.
    """
    first = handle.readline()
    if not first:
        return
    if first.lstrip().startswith("{"):
        lines = [first]
        number = 0
        for number, line in enumerate(_chain(lines, handle), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                seat = str(record.get("seat") or record["code"])
                counts = {str(k): float(v) for k, v in record["votes"].items()}
            except (ValueError, KeyError, AttributeError, TypeError) as error:
                raise DataFormatError(
                    f"declaration line {number} is not {{'seat': ..., 'votes': {{...}}}}: {error}"
                ) from None
            yield seat, counts
        return
    reader = csv.DictReader(_chain([first], handle))
    needed = {"seat_code", "party", "votes"}
    if not needed <= set(reader.fieldnames or ()):
        raise DataFormatError(
            f"declaration CSV needs columns {sorted(needed)}, got {reader.fieldnames}."
        )
    current: str | None = None
    votes: dict[str, float] = {}
    for row in reader:
        code = row["seat_code"].strip()
        if current is not None and code != current:
            yield current, votes
            votes = {}
        current = code
        try:
            votes[row["party"].strip()] = votes.get(row["party"].strip(), 0.0) + float(row["votes"])
        except ValueError:
            raise DataFormatError(f"votes {row['votes']!r} for {code} is not a number.") from None
    if current is not None:
        yield current, votes


def _chain(first: list[str], handle: TextIO) -> Iterator[str]:
    yield from first
    yield from handle


def register(app: typer.Typer) -> None:
    """Add the nowcast command group."""

    @nowcast_app.command("replay")
    def replay_command(
        election: str = typer.Argument(
            ..., help="A bundled election with declaration times: 2015, 2017 or 2019."
        ),
        every: int = typer.Option(50, "--every", min=1, help="Show a row every N declarations."),
        chart: Path | None = typer.Option(
            None, "--chart", help="Write the convergence curve to this .png, .svg or .html file."
        ),
        feature_set: str = typer.Option(
            "regional", "--features", help="Regression features: regional, tactical or plain."
        ),
        prior: str = typer.Option(
            "polls",
            "--prior",
            help="Prior of the regression: polls (final-fortnight polls, zero change where "
            "none are bundled), zero, or none (cross-validated ridge, the first method).",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Replay a past results night and show how the projection converged.

        Seats are declared in the real order; each row gives the projection's total seat error
        against the final result, next to the mean-swing method's.
        """
        if chart is not None:
            check_chart_path(chart)
        key = load(election).id
        with Progress(console=console, transient=True) as bar:
            bar.add_task(f"replaying {key}", total=None)
            # the curve is scored every 5 declarations (or finer when asked)
            steps = replay(key, every=min(every, 5), feature_set=feature_set, prior=prior)
        shown = [s for s in steps if s.n_declared % every == 0 or s is steps[-1]]
        rows: list[dict[str, Any]] = []
        for step in shown:
            top = sorted(step.projected.items(), key=lambda kv: -kv[1])[:4]
            rows.append(
                {
                    "declared": step.n_declared,
                    "error_nowcast": round(step.error_nowcast, 1),
                    "error_mean_swing": round(step.error_mean_swing, 1),
                    "projection": ", ".join(f"{p} {v:.0f}" for p, v in top),
                }
            )
        render(rows, output, title=f"Nowcast replay {key}", extra={"election": key})
        if chart is not None:
            convergence_chart(
                {
                    key: (
                        [s.n_declared for s in steps],
                        [s.error_nowcast for s in steps],
                        [s.error_mean_swing for s in steps],
                    )
                },
                chart,
            )
            if output is OutputFormat.table:
                console.print(f"Chart written to {chart}")

    @nowcast_app.command("feed")
    def feed_command(
        source: str = typer.Argument(
            "-", help="File of declarations (JSON lines or long CSV), or - for standard input."
        ),
        base: str = typer.Option(..., "--base", help="Base election on the same boundaries."),
        store: Path = typer.Option(
            Path("nowcast.sqlite"), "--store", help="SQLite file keeping the declarations."
        ),
        candidates: str | None = typer.Option(
            None,
            "--candidates",
            help="Bundled election whose candidate lists say who stands (default: the base).",
        ),
        quiet: bool = typer.Option(
            False, "--quiet", help="Only show the projection after the last declaration."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Feed declarations from a file or standard input into a persistent nowcast.

        Prints the updated projection after each declaration. The same result twice changes
        nothing; a new result for a declared seat replaces it (a correction).
        """
        base_election = load(base)
        standing = load(candidates).votes > 0 if candidates else None
        nowcast = Nowcast(base_election, standing=standing, store=store)
        try:
            handle: TextIO = (
                sys.stdin if source == "-" else Path(source).open(encoding="utf-8")  # noqa: SIM115
            )
        except OSError as error:
            raise DataFormatError(f"cannot read declarations from {source!r}: {error}") from None
        try:
            for seat, votes in read_declarations(handle):
                status = nowcast.declare(seat, votes)
                if not quiet and output is OutputFormat.table:
                    projection = nowcast.projection()
                    top = ", ".join(
                        f"{r['party']} {r['projected']:.0f}" for r in projection.rows()[:5]
                    )
                    console.print(f"{nowcast.n_declared:>3} {seat} ({status}): {top}")
        finally:
            if handle is not sys.stdin:
                handle.close()
        projection = nowcast.projection()
        render(
            projection.rows(),
            output,
            title=f"Projection after {projection.n_declared} declarations",
            extra={"base": base_election.id, "n_declared": projection.n_declared},
        )
        nowcast.close()

    @nowcast_app.command("show")
    def show_command(
        base: str = typer.Option(..., "--base", help="Base election on the same boundaries."),
        store: Path = typer.Option(
            Path("nowcast.sqlite"), "--store", help="SQLite file keeping the declarations."
        ),
        candidates: str | None = typer.Option(
            None, "--candidates", help="Bundled election whose candidate lists say who stands."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Show the projection from the declarations kept in a store."""
        base_election = load(base)
        standing = load(candidates).votes > 0 if candidates else None
        nowcast = Nowcast(base_election, standing=standing, store=store)
        projection = nowcast.projection()
        render(
            projection.rows(),
            output,
            title=f"Projection after {projection.n_declared} declarations",
            extra={"base": base_election.id, "n_declared": projection.n_declared},
        )
        nowcast.close()

    app.add_typer(nowcast_app, name="nowcast")
