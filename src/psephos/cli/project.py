"""``psephos project`` and ``psephos backtest``: seats from a poll, and how far to trust them."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.progress import Progress

from psephos.cli._output import POLL_HELP, OutputFormat, console, render, share_notes
from psephos.errors import InvalidSharesError
from psephos.jurisdictions import load
from psephos.projection import (
    DEFAULT_MODEL,
    HEADLINE_MODEL,
    MODELS,
    POLICIES,
    backtest,
    bundled_candidates,
    project,
    read_area_shares_csv,
    read_candidates_csv,
    results_table,
    save_chart,
)

MODEL_HELP = (
    "Swing model: " + ", ".join(MODELS) + f" (best back-tested: {HEADLINE_MODEL}, with "
    "candidate lists)."
)


def register(app: typer.Typer) -> None:
    """Add the projection commands."""

    @app.command("project")
    def project_command(
        base: str = typer.Option(
            "2019-notional-2024",
            "--from",
            help="Bundled election to project from (2010, 2015, 2017, 2019, 2024, "
            "2019-notional-2024).",
        ),
        poll: str | None = typer.Option(None, "--poll", "-p", help=POLL_HELP),
        by_region: Path | None = typer.Option(
            None,
            "--by-region",
            help="CSV of shares per region or nation: long (area,party,share) or wide "
            "(area,Con,Lab,...). Areas not listed follow --poll.",
        ),
        model: str = typer.Option(DEFAULT_MODEL, "--model", "-m", help=MODEL_HELP),
        candidates: Path | None = typer.Option(
            None,
            "--candidates",
            help="CSV of this time's candidates, rows 'seat_code,party[,candidate]': a party "
            "not listed in a seat gets 0 there, a party new to a seat starts from an imputed "
            "share; names let adaptive-incumbency see open seats and first-term MPs.",
        ),
        candidates_from: str | None = typer.Option(
            None,
            "--candidates-from",
            help="Use a bundled election's candidate lists (who stood, never their votes), "
            "e.g. 2024.",
        ),
        policy: str = typer.Option(
            "fill",
            "--policy",
            help="Shares not summing to 100: 'fill' (unnamed parties take the rest pro rata), "
            "'rescale', or 'error'.",
        ),
        seats: bool = typer.Option(
            False, "--seats", help="List every seat that changes hands instead of the totals."
        ),
        all_seats: bool = typer.Option(
            False, "--all-seats", help="List every seat with its projected shares and winner."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Project seats from a poll (national and/or per-region shares) with a swing model."""
        if poll is None and by_region is None:
            raise InvalidSharesError("Give --poll and/or --by-region.")
        if policy not in POLICIES:
            raise InvalidSharesError(f"--policy must be one of {', '.join(POLICIES)}.")
        if candidates is not None and candidates_from is not None:
            raise InvalidSharesError("Give --candidates or --candidates-from, not both.")
        election = load(base)
        lists = (
            read_candidates_csv(candidates)
            if candidates is not None
            else bundled_candidates(candidates_from)
            if candidates_from is not None
            else None
        )
        areas = read_area_shares_csv(by_region) if by_region is not None else None
        with share_notes(output) as notes:
            result = project(
                election,
                poll,
                areas=areas,
                model=model,
                candidates=lists,
                policy=policy,  # type: ignore[arg-type]
            )
        summary = result.summary()
        extra = {
            "base": election.id,
            "model": result.model,
            "candidates": str(candidates) if candidates else candidates_from,
            "seats": summary["seats"],
            "target_shares": summary["target_shares"],
            "projection": summary,
            "notes": notes,
        }
        if seats or all_seats:
            render(
                result.seat_rows(changed_only=not all_seats),
                output,
                title=(
                    f"Every seat ({result.model} from {election.id})"
                    if all_seats
                    else f"Seats changing hands ({result.model} from {election.id})"
                ),
                extra=extra,
            )
            return
        render(
            result.changes(),
            output,
            title=f"Projection from {election.name} ({result.model})",
            formats={"change": "+d"},
            extra=extra,
        )

    @app.command("backtest")
    def backtest_command(
        model: list[str] | None = typer.Option(
            None, "--model", "-m", help="Model(s) to test (repeat the option); default: all."
        ),
        chart: Path | None = typer.Option(
            None, "--chart", help="Save a PNG chart of % seats called here."
        ),
        with_candidates: bool = typer.Option(
            False,
            "--candidates",
            help="Give each projection the result's candidate lists (who stood where, and "
            "their names; public at the close of nominations).",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Back-test swing models on 2010->2015, 2015->2017, 2017->2019 and 2019n->2024."""
        names = model or list(MODELS)
        with Progress(
            console=console, transient=True, disable=output is not OutputFormat.table
        ) as bar:
            task = bar.add_task("back-testing", total=len(names) * 4)
            results = backtest(
                names, progress=lambda: bar.advance(task), candidates=with_candidates
            )
        if chart is not None:
            save_chart(results, chart)
        render(
            results_table(results),
            output,
            title="Back-tests on GB seats given true regional shares (out of sample"
            + (", with the result's candidate lists)" if with_candidates else ")"),
            extra={"chart": str(chart) if chart else None, "candidates": with_candidates},
        )
