"""``psephos results`` and ``psephos marginals``: what happened, and how close it was."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.panel import Panel

from psephos.cli._inputs import looks_like_file, open_election
from psephos.cli._output import OutputFormat, console, render
from psephos.jurisdictions import previous_election
from psephos.model import Election
from psephos.results import marginals, national_table, seat_report
from psephos.results.hexmap import plot_hexmap

ELECTION_HELP = (
    "A bundled election (2010, 2015, 2017, 2019, 2024, 2019-notional-2024) or the path of a "
    "results CSV in the long format (seat_code, seat_name, party, votes)."
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
    register_map(app)

    @app.command("results")
    def results_command(
        election: str = typer.Argument(..., help=ELECTION_HELP),
        seat: str | None = typer.Option(
            None, "--seat", "-s", help="One seat's full result, by name or ONS code."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """National result (seats, votes, shares, changes) or one seat's full result."""
        current, previous = open_with_previous(election)
        if seat is None:
            rows = national_table(current, previous)
            title = current.name + (f" (changes from {previous.id})" if previous else "")
            render(
                rows,
                output,
                title=title,
                formats={"share_pct": ".2f", "share_change_pct": "+.2f", "seat_change": "+d"},
                extra={
                    "election": current.id,
                    "previous": previous.id if previous else None,
                    "n_seats": current.n_seats,
                },
            )
            return
        report = seat_report(current, seat, previous)
        if output is not OutputFormat.table:
            if output is OutputFormat.json:
                render(
                    report.candidates,
                    output,
                    extra={k: v for k, v in report.to_dict().items() if k != "candidates"},
                )
            else:
                render(report.candidates, output)
            return
        lines = [
            f"[bold]{report.name}[/] ({report.code}), {report.region}, {report.nation}",
            f"{report.outcome}: majority {report.majority:,} ({report.majority_pct:.2f}%) over "
            f"{report.runner_up}",
            f"Electorate {report.electorate:,}; valid votes {report.valid_votes:,}; "
            f"turnout {report.turnout_pct:.1f}%",
        ]
        if report.swing is not None and report.swing_parties is not None:
            away, towards = report.swing_parties
            lines.append(
                f"Swing since {report.previous_election_id}: {report.swing:+.2f} points from "
                f"{current.label(away)} to {current.label(towards)} (Butler)"
            )
        console.print(Panel("\n".join(lines), title=current.name, title_align="left"))
        render(report.candidates, output, formats={"share_pct": ".2f", "share_change_pct": "+.2f"})

    @app.command("marginals")
    def marginals_command(
        election: str = typer.Argument(..., help=ELECTION_HELP),
        top: int = typer.Option(50, "--top", "-n", min=1, help="How many seats to list."),
        pair: str | None = typer.Option(
            None, "--pair", help="Only seats contested first/second by two parties, e.g. Lab,Con."
        ),
        by: str = typer.Option("votes", "--by", help="Rank by raw 'votes' or majority 'share'."),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """The seats with the smallest majorities, with the two parties involved."""
        current, _ = open_with_previous(election)
        parties = None
        if pair is not None:
            names = [p.strip() for p in pair.split(",") if p.strip()]
            if len(names) != 2:
                raise typer.BadParameter("--pair takes two parties, e.g. Lab,Con")
            parties = (names[0], names[1])
        if by not in ("votes", "share"):
            raise typer.BadParameter("--by must be 'votes' or 'share'")
        seats = marginals(current, top=top, parties=parties, by=by)
        rows = [
            {
                "rank": rank,
                "seat": s.name,
                "code": s.code,
                "winner": s.winner,
                "second": s.runner_up,
                "majority": s.majority,
                "majority_pct": s.majority_pct,
            }
            for rank, s in enumerate(seats, start=1)
        ]
        render(
            rows,
            output,
            title=f"{current.name}: {len(rows)} most marginal seats",
            formats={"majority_pct": ".2f"},
            extra={"election": current.id},
        )


def register_map(app: typer.Typer) -> None:
    """Add the ``map`` command."""

    @app.command("map")
    def map_command(
        election: str = typer.Argument(..., help="A bundled election, e.g. 2024."),
        out: Path = typer.Option(
            Path("psephos-map.png"), "--out", "-o", help="Image file to write (.png, .svg, .pdf)."
        ),
    ) -> None:
        """Draw a hex map of the seats coloured by winning party."""
        current, _ = open_with_previous(election)
        if out.suffix.lower() not in (".png", ".svg", ".pdf"):
            raise typer.BadParameter("--out must end in .png, .svg or .pdf")
        written = plot_hexmap(current, out)
        console.print(f"Hex map of {current.name} written to {written}")
