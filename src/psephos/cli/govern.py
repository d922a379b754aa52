"""``psephos govern``: hung-parliament arithmetic, coalitions and voting power."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Any

import typer

from psephos.cli._inputs import (
    BY_REGION_OPTION,
    ELECTION_HELP,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    open_election,
    poll_for,
    poll_option,
    read_by_region,
)
from psephos.cli._output import (
    POLL_HELP,
    OutputFormat,
    chart_written,
    console,
    print_note,
    render,
    share_notes,
)
from psephos.cli._projection_inputs import MODEL_HELP
from psephos.errors import PsephosError
from psephos.government.charts import parliament_chart
from psephos.government.choices import LISTED_COALITIONS, GovernOptions, govern_as_asked
from psephos.jurisdictions import JURISDICTIONS, UK
from psephos.projection import DEFAULT_MODEL

#: Each country's abstentionists, for the help of ``--abstain`` ("SF for UK elections").
ABSTAIN_DEFAULTS = "; ".join(
    f"{', '.join(entry.parliament.abstentionist_parties) or 'none'} for {entry.as_adjective} "
    "elections"
    for entry in JURISDICTIONS.values()
)

#: Each country's House, for the help of ``--seats`` ("650 for UK parties").
HOUSE_SIZES = "; ".join(
    f"{entry.house_seats} for {entry.as_adjective} parties"
    for entry in JURISDICTIONS.values()
    if entry.house_seats is not None
)


class GovernView(StrEnum):
    """Which table ``govern`` prints (csv / table)."""

    arrangements = "arrangements"
    coalitions = "coalitions"
    connected = "connected"
    partners = "partners"
    power = "power"
    all = "all"


def register(app: typer.Typer) -> None:
    """Add the ``govern`` command."""

    @app.command("govern")
    def govern_command(
        election: str = typer.Argument(
            None,
            help=f"{ELECTION_HELP} Omit it when giving --seats. With --poll: the base the "
            "poll is swung from, as --from.",
        ),
        seats: str | None = typer.Option(
            None,
            "--seats",
            help="Seats per party instead of an election: 'Con 317 Lab 262 ...' or "
            "'Con=317,Lab=262,...'. Give the whole House, one Speaker at most: seats of a "
            f"country's parties that add up to more or fewer than its House ({HOUSE_SIZES}) "
            "are refused; add 'Other N' for the rest, or give --house-size.",
        ),
        house_size: int | None = typer.Option(
            None,
            "--house-size",
            min=1,
            help="The seats in the House --seats gives, for a House of another size than the "
            "country's; the seats must add up to it.",
        ),
        poll: str | None = poll_option(
            "Project the election (ELECTION or --from; default: the latest) to this poll first "
            "and assess the House it elects, as psephos project projects it. " + POLL_HELP,
            "-p",
        ),
        base_from: str | None = typer.Option(
            None,
            "--from",
            help=f"With --poll: the election the poll is swung from (default: {UK.latest_id}), "
            "as psephos project --from.",
        ),
        by_region: Path | None = BY_REGION_OPTION,
        model: str = typer.Option(
            DEFAULT_MODEL, "--model", "-m", help="With --poll: " + MODEL_HELP
        ),
        coalition: list[str] = typer.Option(
            [],
            "--coalition",
            "-c",
            help="Also assess this coalition, e.g. 'Con+LD' (repeatable).",
        ),
        confidence_supply: list[str] = typer.Option(
            [],
            "--confidence-supply",
            help="Also assess a government with confidence-and-supply partners, "
            "'GOVERNMENT:PARTNERS', e.g. 'Con:DUP' or 'Lab:SNP+PC' (repeatable).",
        ),
        deputies_government: int | None = typer.Option(
            None,
            "--deputies-government",
            help="Deputy Speakers drawn from the government side (custom: 1; 2 when the Speaker "
            "came from the opposition side, as in 2019; default: the historical split).",
        ),
        deputies_opposition: int | None = typer.Option(
            None,
            "--deputies-opposition",
            help="Deputy Speakers drawn from the opposition side (custom: 2; 1 in 2019).",
        ),
        government_side: str | None = typer.Option(
            None,
            "--government-side",
            help="Parties on the government side, for drawing the Deputy Speakers (and a "
            "Canadian projection's Speaker) (default: the largest party), e.g. 'Con,LD'.",
        ),
        abstain: list[str] = typer.Option(
            [],
            "--abstain",
            help="Parties whose MPs do not take their seats (repeatable; 'none' for nobody). "
            f"Default: the country's ({ABSTAIN_DEFAULTS}).",
        ),
        view: GovernView = typer.Option(
            GovernView.all,
            "--view",
            help="Table to print (csv/table); 'all' prints every table (csv: arrangements).",
        ),
        limit: int = typer.Option(
            LISTED_COALITIONS,
            "--limit",
            help="Most minimal winning coalitions to list in table output.",
        ),
        chart: Path | None = typer.Option(
            None,
            "--chart",
            help="Write a parliament diagram of the House to this .png, .svg or .pdf file.",
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Majority arithmetic after an election: who is short, who can govern, who has power.

        With --poll, of the House a projection of the poll elects."""
        opener: Callable[[str], Any] = partial(open_election, unknown_parties=unknown_parties.value)
        areas = read_by_region(by_region)
        projecting = poll is not None or areas is not None
        base_id = _poll_base(election, base_from, projecting)
        if projecting and seats is None and base_id is not None:
            base = opener(base_id)
            poll = poll_for(poll, base)  # a poll table averaged on the base
            election = base_id
            opener = lambda _: base  # noqa: E731 -- opened once, the poll read against it

        with share_notes():  # the poll's, as psephos project says them
            source, report = govern_as_asked(
                election,
                GovernOptions(
                    seats=seats,
                    coalitions=tuple(coalition),
                    confidence_supply=tuple(confidence_supply),
                    deputies_government=deputies_government,
                    deputies_opposition=deputies_opposition,
                    government_side=government_side,
                    abstain=tuple(abstain),
                    house_size=house_size,
                    poll=poll,
                    model=model if projecting else None,
                    areas=areas,
                ),
                open_election=opener,
            )
        for note in report.notes:  # a seat won by lot, a tie for the largest party
            print_note(note)
        title = "Seats given" if seats is not None else getattr(source, "name", election)
        if chart is not None:
            year = getattr(source, "id", None)  # the year's party colours
            parties = getattr(source, "parties", None)  # a file's own country's colours
            parliament_chart(report.house, chart, title=title, election_id=year, parties=parties)
        data = report.to_dict()  # parties named as the election names them
        if projecting:  # what was projected, as psephos project's JSON names it
            data = {"base": election, "model": model, **data}
        if output is OutputFormat.json:
            render(
                data["arrangements"],
                output,
                extra={k: v for k, v in data.items() if k != "arrangements"},
            )
            return
        tables = {
            GovernView.arrangements: (data["arrangements"], "Arrangements"),
            GovernView.coalitions: (
                data["minimal_winning_coalitions"],
                "Minimal winning coalitions",
            ),
            GovernView.connected: (
                data["minimal_connected_winning"],
                "Minimal connected winning coalitions (Axelrod)",
            ),
            GovernView.partners: (
                data["partners_of_largest"],
                f"Minimal partner sets for {data['largest_party_label']}",
            ),
            GovernView.power: (data["power"], "Voting power (normalised Banzhaf, Shapley-Shubik)"),
        }
        if output is OutputFormat.csv:
            chosen = GovernView.arrangements if view is GovernView.all else view
            render(tables[chosen][0], output)
            return
        console.print(f"[bold]{title}[/]")
        for line in report.headline():
            console.print(line, highlight=False, soft_wrap=True)
        chosen_views = list(tables) if view is GovernView.all else [view]
        for key in chosen_views:
            rows, heading = tables[key]
            if key is GovernView.coalitions and len(rows) > limit:
                heading += f" (first {limit} of {len(rows)})"
                rows = rows[:limit]
            rows = [
                {
                    k: ("yes" if v else "no") if isinstance(v, bool) else v
                    for k, v in row.items()
                    if k not in ("government", "supporters")  # the arrangement names them
                }
                for row in rows
            ]
            if rows:
                render(
                    rows,
                    output,
                    title=heading,
                    formats={"banzhaf_pct": ".1f", "shapley_shubik_pct": ".1f"},
                )
        if chart is not None:
            chart_written(chart, output)


def _poll_base(election: str | None, base_from: str | None, projecting: bool) -> str | None:
    """The election ``--poll`` (and ``--by-region``) is swung from: ``ELECTION`` or ``--from``
    (one of them), else the latest result (as ``psephos project``'s ``--from``); ``None``
    without a poll or area shares (not ``projecting``).

    Raises:
        PsephosError: ``--from`` without ``--poll``, or both ``ELECTION`` and ``--from``.
    """
    if not projecting:
        if base_from is not None:
            raise PsephosError(
                "--from is the election --poll is swung from; give it with --poll, or give the "
                "election itself as ELECTION."
            )
        return None
    if election is not None and base_from is not None:
        raise PsephosError(
            f"Give the election --poll is swung from once: ELECTION ({election}) or --from "
            f"({base_from}), not both."
        )
    return base_from or election or UK.latest_id
