"""``psephos results`` and ``psephos marginals``: what happened, and how close it was."""

from __future__ import annotations

import typer
from rich.markup import escape
from rich.panel import Panel

from psephos.cli._inputs import (
    LATEST_ELECTION_HELP,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    looks_like_file,
    open_election,
)
from psephos.cli._output import OutputFormat, console, print_note, render
from psephos.jurisdictions import UK, election_name, pair_in, previous_election
from psephos.model import Election
from psephos.model.party import pair_notes
from psephos.results import (
    AREA_LEVELS,
    MARGINAL_ORDERS,
    area_summary,
    area_table,
    close_calls,
    marginal_rows,
    marginals,
    national_summary,
    national_table,
    seat_report,
    seat_summary,
)


def open_with_previous(
    election: str, unknown_parties: str = "error"
) -> tuple[Election, Election | None]:
    """A bundled election with its predecessor, or a user's CSV file (no predecessor)."""
    if looks_like_file(election):
        return open_election(election, unknown_parties=unknown_parties), None
    loaded = open_election(election)
    return loaded, previous_election(loaded)


def register(app: typer.Typer) -> None:
    """Add the results commands."""

    @app.command("results")
    def results_command(
        election: str = typer.Argument(UK.latest_id, help=LATEST_ELECTION_HELP),
        seat: str | None = typer.Option(
            None,
            "--seat",
            "-s",
            help="One seat's full result, by name or code (ONS code, riding number).",
        ),
        by_area: str | None = typer.Option(
            None,
            "--by-area",
            help="The result of each area: 'region' (England's regions, Scotland, Wales, "
            "Northern Ireland; Canada's provinces; a file's own regions) or 'nation'.",
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """National result (seats, votes, shares, changes) or one seat's full result."""
        if by_area is not None and by_area not in AREA_LEVELS:
            raise typer.BadParameter(
                f"--by-area must be {' or '.join(AREA_LEVELS)}, not {by_area!r}"
            )
        if by_area is not None and seat is not None:
            raise typer.BadParameter("--by-area breaks down the whole result; leave out --seat.")
        current, previous = open_with_previous(election, unknown_parties.value)
        if by_area is not None:
            # the national table's notes (a renaming a change is measured across, a tie), as
            # the web's /api/elections/{id}/areas gives them beside the same rows
            facts = area_summary(current, by_area, previous)
            render(
                area_table(current, by_area, previous),
                output,
                title=f"{current.name} by {by_area}"
                + (f" (changes from {election_name(previous.id)})" if previous else ""),
                formats={"share_pct": ".2f", "share_change_pct": "+.2f", "seat_change": "+d"},
                extra=facts,
            )
            for note in [*facts["notes"], *facts["close_calls"]]:
                print_note(note)
            return
        if seat is None:
            rows = national_table(current, previous)
            # The previous election by its title, as the web page names it.
            title = current.name + (
                f" (changes from {election_name(previous.id)})" if previous else ""
            )
            summary = national_summary(current, previous)
            render(
                rows,
                output,
                title=title,
                formats={"share_pct": ".2f", "share_change_pct": "+.2f", "seat_change": "+d"},
                extra=summary,
            )
            if output is OutputFormat.table:
                for line in summary["headline"]:
                    console.print(line, highlight=False)
            for note in [*summary["notes"], *summary["close_calls"]]:
                print_note(note)
            return
        report = seat_report(current, seat, previous)
        # The report's rows as they are: the party code in `party` and the election's label
        # beside it in `party_label`, as the national table and the web app's JSON give them.
        # Files carry the seat's code and name on every row (several seats' files joined
        # together stay apart); the table has the seat in its panel instead.
        candidates = report.candidates
        facts = seat_summary(report, current)
        if output is not OutputFormat.table:
            if output is OutputFormat.json:
                render(report.seat_rows(), output, extra=facts)
            else:
                render(report.seat_rows(), output)
        else:
            console.print(
                Panel(escape("\n".join(facts["headline"])), title=current.name, title_align="left"),
                highlight=False,
            )
            render(candidates, output, formats={"share_pct": ".2f", "share_change_pct": "+.2f"})
        for note in report.notes:
            print_note(note)

    @app.command("marginals")
    def marginals_command(
        election: str = typer.Argument(UK.latest_id, help=LATEST_ELECTION_HELP),
        top: int = typer.Option(50, "--top", "-n", min=1, help="How many seats to list."),
        pair: str | None = typer.Option(
            None, "--pair", help="Only seats contested first/second by two parties, e.g. Lab,Con."
        ),
        by: str = typer.Option(
            "votes", "--by", help="Rank by raw 'votes' or majority 'share' (of the valid votes)."
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """The seats with the smallest majorities, with the two parties involved."""
        current, _ = open_with_previous(election, unknown_parties.value)
        parties = None
        noted: list[str] = []
        if pair is not None:
            parties = pair_in(pair, current.parties, what="--pair")
            noted = pair_notes(pair, current.labels_id)
            for note in noted:  # "UKIP read as Brexit Party"
                print_note(note)
        if by not in MARGINAL_ORDERS:
            raise typer.BadParameter(
                f"--by must be {' or '.join(map(repr, MARGINAL_ORDERS))}, not {by!r}"
            )
        seats = marginals(current, top=top, parties=parties, by=by)
        rows = marginal_rows(seats)
        notes = close_calls(current, [s.code for s in seats])
        # the pair as the election names its parties ("UKIP" in 2015), as the rows do
        named = " and ".join(current.label(party) for party in parties or ())
        render(
            rows,
            output,
            title=f"{current.name}: {len(rows)} most marginal seats"
            + (f" between {named}" if parties else "")
            if rows or parties is None
            else f"{current.name}: no seat had {named} first and second",
            formats={"majority_pct": ".2f"},
            # the web's /api/marginals gives the same document for the same question
            extra={
                "election": current.id,
                "by": by,
                "pair": list(parties) if parties else None,
                "close_calls": notes,
                "notes": noted,
            },
        )
        for note in notes:
            print_note(note)
