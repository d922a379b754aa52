"""``psephos allocate``: volunteers' hours to seats, a thin shell over
:func:`psephos.targeting.allocation.allocation_answer`.

Volunteer files are personal data: nothing from them is logged; problems are reported by row
number, id and reason only, and the allocation output holds volunteer id, seat, hours, distance
and why hours are not placed, with names and homes only where ``--include-personal`` is given.
The command has a module of its own so that running it imports the allocation's modules alone
(not the target list's, turnout's or the projection's models).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from psephos.cli._inputs import (
    BY_REGION_OPTION,
    SWING_HELP,
    VOTES_PER_HOUR_HELP,
    bundled_election,
    poll_for,
    poll_option,
    read_by_region,
)
from psephos.cli._output import (
    POLL_HELP,
    OutputFormat,
    console,
    print_note,
    progress,
    render,
    share_notes,
)
from psephos.errors import InputWarning, PsephosError, ShareWarning, collected_notes
from psephos.jurisdictions import ALLOCATION, UK
from psephos.projection.defaults import DEFAULT_MODEL
from psephos.targeting.allocation import (
    READING,
    AllocationRequest,
    allocation_answer,
    allocation_sentence,
)
from psephos.targeting.sensitivity import DEFAULT_VOTES_PER_HOUR
from psephos.targeting.volunteers import VolunteerFile, problem_report, read_volunteers


def register(app: typer.Typer) -> None:
    """Add ``allocate`` to ``app``."""

    @app.command("allocate")
    def allocate_command(
        volunteers_file: Path = typer.Argument(
            ...,
            help="CSV with id,hours and latitude,longitude or postcode (full, sector or "
            "district)[,name] (personal data: not logged).",
        ),
        election: str = typer.Option(
            UK.latest_id,
            "--election",
            "-e",
            help="Base election (plans for the one after it; default: the latest).",
        ),
        party: str | None = typer.Option(
            None, "--party", help="Maximise this party's expected seats (default: any party)."
        ),
        swing: str | None = typer.Option(None, "--swing", help=SWING_HELP),
        poll: str | None = poll_option("Project the base to this poll first. " + POLL_HELP, "-p"),
        by_region: Path | None = BY_REGION_OPTION,
        projection_model: str = typer.Option(
            DEFAULT_MODEL, "--model", "-m", help="Swing model for --poll and --swing."
        ),
        k_nearest: int = typer.Option(15, "--k", help="Candidate seats per volunteer (nearest)."),
        max_km: float | None = typer.Option(None, "--max-km", help="Never send anyone further."),
        votes_per_hour: float = typer.Option(
            DEFAULT_VOTES_PER_HOUR, "--votes-per-hour", help=VOTES_PER_HOUR_HELP
        ),
        session_hours: float = typer.Option(
            3.0,
            "--session-hours",
            help="Hours worked per trip at most (travel is costed per trip; fewer hours "
            "are one whole trip).",
        ),
        speed_kmh: float = typer.Option(40.0, "--speed-kmh", help="Average travel speed."),
        method: str = typer.Option(
            "auto",
            "--method",
            help="auto (min-cost-flow when OR-Tools is installed, else lp), min-cost-flow "
            "(exact, fast; needs psephos[ortools]) or lp (exact, HiGHS).",
        ),
        capacities: Path | None = typer.Option(
            None,
            "--capacities",
            help="CSV seat,hours capping named seats (ONS code or name); others: default curve.",
        ),
        show: str = typer.Option(
            "assignments", "--show", help="assignments (per volunteer) or seats (per seat)."
        ),
        out: Path | None = typer.Option(
            None, "--out", "-o", help="Write the assignments as CSV to this file."
        ),
        include_personal: bool = typer.Option(
            False,
            "--include-personal",
            help="Add names and home coordinates to the assignments.",
        ),
        strict: bool = typer.Option(
            False, "--strict", help="Stop (exit 2) if any row is rejected."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Allocate volunteers' hours to seats optimally (min-cost flow), beside two baselines.

        The baselines: a greedy plan and the nearest seat worth the trip. Volunteers not placed
        are listed with why."""
        base = bundled_election(election, ALLOCATION)  # before the options and the volunteers' file
        if show not in ("assignments", "seats"):
            raise PsephosError(f"--show must be assignments or seats, not {show!r}.")
        from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

        notes: list[str] = []  # as printed: the note: lines on stderr

        def read() -> VolunteerFile:  # called once every option is checked
            # the file's own notes (an encoding) said at once, before its rows' report
            with collected_notes(InputWarning, ShareWarning) as file_notes:
                parsed = read_volunteers(volunteers_file, keep_names=include_personal)
            for note in (*file_notes, *parsed.notes, parsed.ignored_note):
                if note:
                    print_note(note)
                    notes.append(note)
            for line in problem_report(parsed):  # rows, ids and reasons only; in JSON: problems
                print_note(line.strip(), in_json=False)
            return parsed

        request = AllocationRequest(
            party=party,
            swing=swing,
            poll=poll_for(poll, base),
            areas=read_by_region(by_region),
            projection_model=projection_model,
            capacities=capacities,
            k_nearest=k_nearest,
            max_km=max_km,
            votes_per_hour=votes_per_hour,
            session_hours=session_hours,
            speed_kmh=speed_kmh,
            method=method,
            strict=strict,
        )
        with progress(
            output, SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn()
        ) as bar:
            task = bar.add_task(READING, total=None)
            with share_notes() as poll_notes:  # the poll's, said as target says them
                answer = allocation_answer(
                    base,
                    read,
                    request,
                    progress=lambda step: bar.update(task, description=step),
                )
        notes.extend(poll_notes)
        report = answer.report
        for note in report.notes():  # who works in the seat they chose; hours not placed
            print_note(note)
            notes.append(note)
        assignments = answer.plan_rows(include_personal=include_personal)  # rejected rows too
        if out is not None:  # the file the web app's plan download gives
            from psephos.io.export import csv_file_text, csv_text
            from psephos.targeting.allocate import ASSIGNMENT_COLUMNS

            plan = csv_file_text(csv_text(assignments, ASSIGNMENT_COLUMNS))  # Excel reads UTF-8
            out.write_text(plan, encoding="utf-8", newline="")
        summary = answer.summary()
        rows = assignments if show == "assignments" else report.seat_rows()
        headline = [allocation_sentence(summary)]
        extra: dict[str, Any] = {
            "summary": summary,
            "headline": headline,
            "notes": notes,
            "problems": answer.problems(),
            "projection": None if answer.projection is None else answer.projection.summary(),
        }
        render(rows, output, title="Volunteer allocation", extra=extra, command="allocate")
        if output is OutputFormat.table:
            for line in headline:
                console.print(line)
