"""``psephos systems`` and ``psephos count-ballots``: the same votes under other electoral
systems, and counts of users' own ranked ballots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from psephos.charts import check_chart_path
from psephos.cli._inputs import (
    LATEST_ELECTION_HELP,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    open_election,
)
from psephos.cli._output import OutputFormat, chart_written, print_note, progress, render
from psephos.errors import InputWarning, collected_notes
from psephos.jurisdictions import UK
from psephos.systems import (
    SYSTEMS,
    VOTES_PER_SEAT,
    WASTED_VOTES,
    SystemResult,
    TransferMatrix,
    asked_threshold,
    assumption_notes,
    configured_systems,
    count_ballots,
    election_transfers,
    largest_tie_notes,
    list_bucket_notes,
    party_seats,
    read_ballot_file,
    require_votes,
    threshold_percent,
    threshold_scope,
    winner_notes,
)
from psephos.systems.charts import systems_chart
from psephos.systems.count import TIE_BREAKS

#: Short column headings for the seat table a person reads (CSV and JSON key its columns by
#: the systems' ids).
SHORT: dict[str, str] = {
    "fptp": "FPTP",
    "dhondt-national": "DH nat",
    "sainte-lague-national": "SL nat",
    "dhondt-regional": "DH reg",
    "sainte-lague-regional": "SL reg",
    "sainte-lague-5pc": "SL 5%",
    "ams": "AMS",
    "ams-wales": "AMS-W",
    "av": "AV",
    "stv": "STV",
}


def heading(result: SystemResult) -> str:
    """Short column heading of a system's result: its key's (:data:`SHORT`), with the legal
    threshold asked for where one applied ("DH nat 5%",
    :func:`~psephos.systems.threshold_note`; ``sainte-lague-5pc``'s own is in its "SL 5%")."""
    short = SHORT.get(result.system, result.system)
    threshold = asked_threshold(result.system, result.details.get("threshold", 0.0))
    return f"{short} {threshold_percent(threshold)}" if threshold else short


def _by_system(
    rows: list[dict[str, Any]],
    results: list[SystemResult],
    suffix: str,
    keep: list[str] | None = None,
) -> list[dict[str, Any]]:
    """One of the tables a person reads from :func:`~psephos.systems.party_seats`' rows: each
    party, the ``keep`` columns, and a column per system headed short ("DH nat") holding the
    system's seats (``suffix`` ``""``), votes per seat won (:data:`VOTES_PER_SEAT`) or wasted
    votes (:data:`WASTED_VOTES`)."""
    return [
        {
            "party": row["party"],
            "party_label": row["party_label"],
            **{key: row[key] for key in keep or []},
            **{heading(result): row[result.system + suffix] for result in results},
        }
        for row in rows
    ]


def register(app: typer.Typer) -> None:
    """Add the electoral-systems commands."""

    @app.command("systems")
    def systems_command(
        election: str = typer.Argument(UK.latest_id, help=LATEST_ELECTION_HELP),
        system: list[str] | None = typer.Option(
            None,
            "--system",
            "-s",
            help=f"Only these systems (repeatable). Known: {', '.join(SYSTEMS)}.",
        ),
        chart: Path | None = typer.Option(
            None, "--chart", help="Write a stacked-bar chart of seats per system (PNG/SVG)."
        ),
        district_size: int = typer.Option(
            5, "--district-size", help="Members per STV district (about)."
        ),
        threshold: float | None = typer.Option(
            None,
            "--threshold",
            help="Legal threshold of the list PR systems, in percent (5: a party needs 5% of "
            f"the votes for any list seat), {threshold_scope()}.",
        ),
        transfers: Path | None = typer.Option(
            None,
            "--transfers",
            help="Second-preference CSV (from,to,share in percent; to=none for plumpers, else "
            "100 minus the party's shares) for AV and STV: the parties it gives replace the "
            "country's default (the UK's estimated from real stand-downs; Canada's "
            "illustrative, set by hand), and every other party keeps the default's, with a "
            "note. A party's shares sum to at most 100%.",
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Seats per party under FPTP, list PR, AMS, AV and STV on the same votes."""
        if chart is not None:
            check_chart_path(chart)
        with collected_notes(InputWarning) as notes:  # a file read as its own country's
            current = open_election(election, unknown_parties=unknown_parties.value)
            require_votes(current)
            matrix = (  # the file's rows over the election's default
                TransferMatrix.from_csv(
                    transfers, current.parties, default=election_transfers(current)
                )
                if transfers
                else None
            )
        chosen = configured_systems(
            system,
            district_size=district_size,
            transfers=matrix,
            threshold=None if threshold is None else threshold / 100,
        )
        notes.extend(assumption_notes(current, chosen))  # AV/STV preferences, districts, AMS
        notes.extend(winner_notes(current, chosen))  # a seat FPTP gives by lot
        notes.extend(list_bucket_notes(current, chosen))  # Other's small parties: no list
        results: list[SystemResult] = []
        with progress(output) as bar:
            task = bar.add_task("counting", total=len(chosen))
            for model in chosen:
                bar.update(task, description=model.label)
                results.append(model.allocate(current))
                bar.advance(task)
        notes.extend(largest_tie_notes(current, results))  # a dead heat for the most seats
        for note in notes:  # after the count, so that a count refused is its one line
            print_note(note)
        table = output is OutputFormat.table
        # a file's columns are the systems' ids (as --system, the JSON's systems[] and
        # /api/systems name them), each system's votes per seat and wasted votes beside its
        # seats; a table heads them short ("DH nat"), one table for each
        party_rows = party_seats(current, results)
        indices = [r.summary(current) for r in results]
        if not table:
            render(
                party_rows,
                output,
                extra={"election": current.id, "systems": indices, "notes": notes},
            )
        else:  # files hold party rows only: the Houses and indices are the JSON's systems
            rows = _by_system(party_rows, results, "", ["vote_pct", "votes"])
            totals: dict[str, Any] = {"party": "Total", "party_label": "Total", "vote_pct": 100.0}
            totals["votes"] = sum(row["votes"] for row in party_rows)
            for result in results:
                totals[heading(result)] = result.n_seats
            rows.append(totals)
            render(
                rows,
                output,
                title=f"{current.name}: seats under each system",
                formats={"vote_pct": ".1f", "votes": ","},
            )
            render(
                _by_system(party_rows, results, VOTES_PER_SEAT),
                output,
                title="Votes per seat won (blank: no seat)",
                formats={heading(result): ",.0f" for result in results},
            )
            render(
                _by_system(party_rows, results, WASTED_VOTES),
                output,
                title="Wasted votes per party (what counts as wasted: wasted_votes, below)",
                formats={heading(result): "," for result in results},
            )
            render(
                indices,
                output,
                title="Disproportionality (Gallagher), effective parties and wasted votes",
                formats={
                    "gallagher": ".2f",
                    "enp_votes": ".2f",
                    "enp_seats": ".2f",
                    "wasted_votes": ",",
                    "wasted_pct": ".1f",
                },
            )
        if chart is not None:
            systems_chart(results, current, chart)
            chart_written(chart, output)

    @app.command("count-ballots")
    def count_ballots_command(
        path: Path = typer.Argument(
            ...,
            help="Ranked ballots: a .blt file or a CSV (rank1, rank2, ... columns, optional count "
            "column of whole numbers, or weight column, fractions allowed; or a form's ranking "
            "grid, a column per candidate holding each voter's rank, as Google Forms exports it, "
            "or under SurveyMonkey's two header rows; "
            "or one column of each voter's ranking, 'Alice;Bob;Cara', as Microsoft Forms "
            "exports it).",
        ),
        seats: int | None = typer.Option(
            None,
            "--seats",
            "-n",
            min=1,
            help="Seats to fill (default: the BLT file's, else 1 = alternative vote).",
        ),
        tie_break: str = typer.Option(
            "backwards", "--tie-break", help="Tie rule: backwards, order or random."
        ),
        seed: int | None = typer.Option(
            None,
            "--seed",
            help="Seed for --tie-break random (same seed, same count; default: a fresh one each "
            "run, which a note and the JSON's seed record).",
        ),
        rounds: bool = typer.Option(
            False,
            "--rounds",
            help="Also show the count round by round: each candidate's votes at the start of "
            "each round, and the votes exhausted (JSON: 'rounds'; CSV: this table in place of "
            "the candidates').",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Count a file of real ranked ballots by IRV (one seat) or STV (Droop, WIGM)."""
        if tie_break not in TIE_BREAKS:
            raise typer.BadParameter("--tie-break must be backwards, order or random")
        rule: Any = tie_break
        with collected_notes(InputWarning) as read_notes:  # a file not UTF-8, a ranking grid
            ballots = read_ballot_file(path)
        count = count_ballots(ballots, seats=seats, tie_break=rule, seed=seed)
        notes = [*read_notes, *count.notes()]
        for note in notes:
            print_note(note)
        round_rows = count.round_rows() if rounds else []
        # whole counts whole (7, not 7.0); a column an STV transfer left a fraction in keeps
        # its places (psephos.numbers.format_column)
        first_round_row = round_rows[0] if round_rows else {}
        round_formats = {key: "," for key in first_round_row if key.startswith("round_")}
        if rounds and output is OutputFormat.csv:  # one table a file: the rounds asked for
            render(round_rows, output, formats=round_formats)
            return
        render(
            count.rows(),
            output,
            title=count.title(path.name),
            formats={"first_prefs": ",", "last_round": ","},
            extra={
                **count.summary(),
                "notes": notes,
                **({"rounds": round_rows} if rounds else {}),
            },
            command="count-ballots",
        )
        if rounds and output is OutputFormat.table:
            render(
                round_rows,
                output,
                title=count.rounds_title(),
                formats=round_formats,
            )
