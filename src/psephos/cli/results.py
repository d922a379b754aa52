"""``psephos results``, ``marginals`` and ``elections``: what happened, how close it was, and
which elections psephos bundles."""

from __future__ import annotations

from typing import Any

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
from psephos.jurisdictions import UK, election_name, election_rows, pair_in, previous_election
from psephos.model import Election
from psephos.model.party import pair_notes
from psephos.numbers import listed
from psephos.results import (
    AREA_LEVELS,
    MARGINAL_ORDERS,
    area_facts,
    area_summary,
    area_table,
    close_calls,
    gains_table,
    marginal_rows,
    marginals,
    national_summary,
    national_table,
    seat_report,
    seat_summary,
    seat_summary_rows,
)

#: How the result tables show their numbers (CSV and JSON keep them whole).
_FORMATS = {
    "share_pct": ".2f",
    "share_change_pct": "+.2f",
    "seat_change": "+d",
    "turnout_pct": ".1f",
    "majority_pct": ".2f",
    "swing_pct": ".1f",
}


def open_with_previous(
    election: str, unknown_parties: str = "error", previous: str | None = None
) -> tuple[Election, Election | None]:
    """A bundled election with its predecessor, or a user's CSV file (no predecessor); with
    ``previous`` (``--previous``: a results file or a bundled id), that election instead, read
    as ``election`` is."""
    if looks_like_file(election):
        loaded = open_election(election, unknown_parties=unknown_parties)
    else:
        loaded = open_election(election)
    if previous is not None:
        return loaded, open_election(previous, unknown_parties=unknown_parties)
    return loaded, None if looks_like_file(election) else previous_election(loaded)


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
        summary_only: bool = typer.Option(
            False,
            "--summary",
            help="With --by-area: one row per area alone (seats, electorate, valid votes, "
            "turnout, two-party swing), the table printed under the parties' by default.",
        ),
        by_seat: bool = typer.Option(
            False,
            "--by-seat",
            help="One row per seat: winner, runner-up, majority, turnout, outcome ('Lab gain "
            "from Con') and Butler swing.",
        ),
        gains: bool = typer.Option(
            False,
            "--gains",
            help="Who took seats from whom since the previous election on the same boundaries "
            "(2024: the 2019 notional result): a row per party that gained, a from_PARTY "
            "column per party that lost.",
        ),
        previous_given: str | None = typer.Option(
            None,
            "--previous",
            help="The earlier result to count changes, gains and swing from: a results CSV "
            "on the same seats (a results file has none of its own), or a bundled id "
            "(default: the bundled election before, on the same boundaries).",
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """National result (seats, votes, changes, swing) by area or seat, or one seat in full."""
        if by_area is not None and by_area not in AREA_LEVELS:
            raise typer.BadParameter(
                f"--by-area must be {listed(AREA_LEVELS, 'or')}, not {by_area!r}"
            )
        views = [
            name
            for name, given in (
                ("--seat", seat is not None),
                ("--by-area", by_area is not None),
                ("--by-seat", by_seat),
                ("--gains", gains),
            )
            if given
        ]
        if by_area is not None and seat is not None:
            raise typer.BadParameter("--by-area breaks down the whole result; leave out --seat.")
        if len(views) > 1:
            raise typer.BadParameter(f"{listed(views)} are separate tables; give one.")
        if summary_only and by_area is None:
            raise typer.BadParameter("--summary is a row per area: give it with --by-area.")
        current, previous = open_with_previous(election, unknown_parties.value, previous_given)
        since = f" (changes from {election_name(previous.id)})" if previous else ""
        if by_area is not None:
            areas = area_summary(current, by_area, previous)
            if summary_only:
                render(areas, output, title=f"{current.name} by {by_area}{since}", formats=_FORMATS)
                return
            # the national table's notes (a renaming a change is measured across, a tie), as
            # the web's /api/elections/{id}/areas gives them beside the same rows
            facts = area_facts(current, by_area, previous)
            render(
                area_table(current, by_area, previous),
                output,
                title=f"{current.name} by {by_area}{since}",
                formats=_FORMATS,
                extra={**facts, "areas": areas},
            )
            if output is OutputFormat.table:
                render(areas, output, title=f"Turnout and swing by {by_area}", formats=_FORMATS)
            for note in [*facts["notes"], *facts["close_calls"]]:
                print_note(note)
            return
        if by_seat:
            render(
                seat_summary_rows(current, previous),
                output,
                title=f"{current.name}: every seat{since}",
                formats=_FORMATS,
                extra={"election": current.id, "previous": previous.id if previous else None},
            )
            return
        if gains:
            if previous is None:
                raise typer.BadParameter(
                    f"--gains counts seats against the previous election on the same "
                    f"boundaries, and {current.name} has none; give one with --previous "
                    "(a results file on the same seats), or leave --gains out."
                )
            rows = gains_table(current, previous)
            if output is OutputFormat.table:  # a table heads the losers by label, as its rows
                rows = [_from_labels(row, current) for row in rows]  # (files keep the codes)
            render(
                rows,
                output,
                title=f"{current.name}: seats gained (rows) from (columns) since "
                f"{election_name(previous.id)}",
                extra={"election": current.id, "previous": previous.id},
            )
            return
        if seat is None:
            rows = national_table(current, previous)
            # The previous election by its title, as the web page names it.
            title = current.name + (
                f" (changes from {election_name(previous.id)})" if previous else ""
            )
            summary = national_summary(current, previous)
            render(rows, output, title=title, formats=_FORMATS, extra=summary)
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

    @app.command("elections")
    def elections_command(
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """The bundled elections every command takes by id, country by country."""
        render(
            election_rows(),
            output,
            title="Bundled elections (an id, or the path of a results CSV, is what commands take)",
        )

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
                f"--by must be {listed(map(repr, MARGINAL_ORDERS), 'or')}, not {by!r}"
            )
        seats = marginals(current, top=top, parties=parties, by=by)
        rows = marginal_rows(seats)
        notes = close_calls(current, [s.code for s in seats])
        # the pair as the election names its parties ("UKIP" in 2015), as the rows do
        named = listed(current.label(party) for party in parties or ())
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


def _from_labels(row: dict[str, Any], election: Election) -> dict[str, Any]:
    """A gains row's ``from_CODE`` columns headed by the party's label in ``election``, as
    the table's rows name the gainers: 2017's ``from_UKIP``, not ``from_Reform`` (a party
    founded later); CSV and JSON keep ``from_CODE``, the code a file joins by."""
    return {
        f"from_{election.label(key.removeprefix('from_'))}"
        if key.startswith("from_")
        else key: value
        for key, value in row.items()
    }
