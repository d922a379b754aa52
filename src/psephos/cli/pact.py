"""``psephos pact``: simulate or optimise an electoral pact (parties standing aside)."""

from __future__ import annotations

from enum import StrEnum
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
    working,
)
from psephos.jurisdictions import UK
from psephos.numbers import counted
from psephos.pacts.charts import pact_chart
from psephos.projection import DEFAULT_MODEL


class PactView(StrEnum):
    """Which table ``pact`` prints."""

    seats = "seats"
    ledger = "ledger"
    transfers = "transfers"
    all = "all"


class Objective(StrEnum):
    """What the optimiser maximises."""

    seats = "seats"
    majority = "majority"


#: The ledger's win chances (0 or 1 for one result) and its bloc gain (-1, 0 or +1).
WIN_COLUMNS = ("own_win_prob_given_up", "bloc_win_prob_before", "bloc_win_prob_after")
GAIN_WORDS = {1: "gained", 0: "no change", -1: "lost"}


def _ledger_outcomes(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ledger of one result (no draws) for the text table: its win chances as the certain
    outcomes they are ("won", "lost") and the bloc's gain as "gained", "lost" or "no change",
    as :func:`psephos.pacts.run.pact_sentence` says the majority in words; files keep the
    numbers."""

    def word(key: str, value: Any) -> Any:
        if key in WIN_COLUMNS:
            return "won" if value >= 1 else "lost"
        if key == "bloc_gain":
            return GAIN_WORDS[round(value)]
        return value

    return [{key: word(key, value) for key, value in row.items()} for row in rows]


def register(app: typer.Typer) -> None:
    """Add the ``pact`` command."""

    @app.command("pact")
    def pact_command(
        election: str = typer.Argument(
            UK.latest_id,
            help=f"{ELECTION_HELP} The base result the pact is tried on (or projected from, "
            "with --poll). Left out: the latest result.",
        ),
        bloc: str = typer.Option(
            ...,
            "--bloc",
            "-b",
            help="Comma-separated bloc parties, e.g. 'Lab,LD,Green', or a bloc by its name: "
            + "; ".join(
                f"'{name}' ({', '.join(parties)})" for name, parties in UK.named_blocs.items()
            )
            + ".",
        ),
        stand_down: list[str] = typer.Option(
            [],
            "--stand-down",
            "-s",
            help="PARTY:SEAT[,SEAT...] (ONS codes or names); repeatable.",
        ),
        stand_down_file: str | None = typer.Option(
            None, "--stand-down-file", help="CSV of stand-downs with columns party, seat."
        ),
        transfer: list[str] = typer.Option(
            [],
            "--transfer",
            "-t",
            help="Override a transfer rate, FROM>TO=RATE, a share from 0 to 1 or a percent, e.g. "
            "'Green>Lab=0.5' or 'Green>Lab=50%' (quote it: the shell reads > as a redirect); "
            "repeatable. Where a row would sum above 1, its rates not given are scaled down to "
            "make room, with a note.",
        ),
        draws: str | None = typer.Option(
            None,
            "--draws",
            help="A .npy file of forecast draws (n_sims x seats x parties shares, aligned to the "
            "election, saved with numpy.save); results become probabilities.",
        ),
        poll: str | None = poll_option(
            "First project the election to this poll; the pact is tried on the projection. "
            + POLL_HELP,
            "-p",
        ),
        by_region: Path | None = BY_REGION_OPTION,
        model: str = typer.Option(
            DEFAULT_MODEL, "--model", "-m", help="Projection model for --poll (e.g. proportional)."
        ),
        sims: int | None = typer.Option(
            None,
            "--sims",
            min=2,
            help="Draw this many forecast scenarios around the result or projection, with "
            "psephos forecast's error model (national, regional and seat errors); seats become "
            "probabilities.",
        ),
        seed: int | None = typer.Option(
            None,
            "--seed",
            help="Random seed for --sims (same seed, same answer; default: a fresh one each run).",
        ),
        save_draws: Path | None = typer.Option(
            None,
            "--save-draws",
            help="Write the draws --sims drew to this .npy file (n_sims x seats x parties "
            "shares), for --draws in a later run: another bloc or plan tried on the same draws.",
        ),
        optimise: bool = typer.Option(
            False,
            "--optimise",
            help="Choose the stand-downs with the integer programme (not with --stand-down "
            "or --stand-down-file).",
        ),
        max_per_party: str | None = typer.Option(
            None,
            "--max-per-party",
            help="Optimiser: most stand-downs by any one party, N, or per party, 'LD=10,Green=40'.",
        ),
        nation: list[str] = typer.Option(
            [],
            "--nation",
            help="Optimiser: only stand down in seats of this nation (repeatable), e.g. England.",
        ),
        max_total: int | None = typer.Option(
            None, "--max-total", help="Optimiser: most stand-downs in all."
        ),
        fairness: float | None = typer.Option(
            None,
            "--fairness",
            help="Optimiser: each party must end with at least its no-pact seats minus this "
            "many (0 = nobody loses out).",
        ),
        objective: Objective = typer.Option(
            Objective.seats,
            "--objective",
            help="Optimiser: expected bloc seats (exact) or P(bloc majority) (approximate, "
            "needs --draws or --sims).",
        ),
        majority: int | None = typer.Option(
            None,
            "--majority",
            help="Seats the bloc needs for a majority (default: half the House plus one, 326 "
            "of 650, 170 of 338).",
        ),
        view: PactView = typer.Option(
            PactView.all,
            "--view",
            help="Table to print; 'all' prints seats and ledger (csv: seats).",
        ),
        chart: Path | None = typer.Option(
            None,
            "--chart",
            help="Write seats per party before and after the pact (paired bars) to this "
            ".png, .svg or .pdf file.",
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Simulate parties standing aside for a bloc, or find the best stand-downs."""
        from psephos.model import split_parties
        from psephos.pacts.run import PactRequest, pact_title, run_pact

        if save_draws is not None and sims is None:
            raise typer.BadParameter(
                "saves the draws --sims draws; give --sims N (and --seed to draw them again).",
                param_hint="'--save-draws'",
            )
        if save_draws is not None:
            from psephos.io.draws import check_draws_name

            check_draws_name(save_draws)  # before the pact is run, not after
        base = open_election(election, unknown_parties=unknown_parties.value)
        parties = split_parties(bloc)
        request = PactRequest(
            stand_downs=tuple(stand_down),
            stand_down_file=stand_down_file,
            transfers=tuple(transfer),
            optimise=optimise,
            max_per_party=max_per_party,
            max_total=max_total,
            nations=tuple(nation),
            fairness=fairness,
            majority=majority,
            poll=poll_for(poll, base),
            areas=read_by_region(by_region),
            model=model,
            draws=draws,
            sims=sims,
            seed=seed,
            objective=objective.value,
        )
        run = run_pact(base, parties, request, progress=lambda message: working(message, output))
        asked = base.name
        base, result, matrix, projection = run.election, run.result, run.transfers, run.projection
        # as the /pacts page opens; the bloc as the election names its parties: "Con + UKIP"
        title = pact_title(
            asked,
            [base.label(p) for p in result.bloc],
            poll=request.poll,
            areas=request.areas,
            model=projection.model if projection is not None else None,
            n_draws=result.n_draws,
            optimised=optimise,
            default_pact=run.default_pact,
        )
        headline = run.headline()
        for note in run.notes:
            print_note(note)
        if chart is not None:
            pact_chart(result, chart, title=title)
        if save_draws is not None and run.draws is not None:
            from psephos.io.draws import write_draws

            write_draws(save_draws, run.draws)
        # each party by its code with the election's label beside it: a table shows the label
        seats_rows = result.labelled_seat_rows(base.label)
        ledger_rows = result.labelled_ledger(base.label)
        if output is OutputFormat.json:
            # every table: the rows (parties; the bloc's total is bloc_total), the ledger, the
            # stand-downs and the transfer rates used (--view chooses a table to print)
            payload = run.to_dict()
            if view not in (PactView.all, PactView.seats):
                what = "transfer rates used are" if view is PactView.transfers else "ledger is"
                print_note(
                    f"--view {view.value}: the JSON carries every table; the {what} its "
                    f"'{view.value}'.",
                    in_json=False,
                )
            render(payload.pop("rows"), output, extra=payload)
            return
        counts = result.n_draws == 1  # one result: seats are counts, not expectations
        tables = {
            PactView.seats: (
                seats_rows,  # whole seats on one result (psephos.pacts.seat_figure)
                "Seats" if counts else f"Seats (expected over {counted(result.n_draws, 'draw')})",
            ),
            PactView.ledger: (
                ledger_rows,
                "Ledger: who stood down where, what it gave up, what the bloc gained",
            ),
            PactView.transfers: (matrix.to_rows(), "Transfer rates used"),
        }
        if output is OutputFormat.csv:
            chosen_view = PactView.seats if view is PactView.all else view
            chosen = tables[chosen_view][0]
            # party rows only: the bloc's total row is left to the table and the JSON
            render(chosen[:-1] if chosen_view is PactView.seats else chosen, output)
            return
        console.print(f"[bold]{title}[/]")
        for line in headline:
            console.print(line, highlight=False, soft_wrap=True)
        views = [PactView.seats, PactView.ledger] if view is PactView.all else [view]
        for key in views:
            rows, heading = tables[key]
            if counts and key is PactView.ledger:
                rows = _ledger_outcomes(rows)
            rows = [
                {k: ("yes" if v else "no") if isinstance(v, bool) else v for k, v in row.items()}
                for row in rows
            ]
            if rows:
                render(
                    rows,
                    output,
                    title=heading,
                    formats={
                        # a share as the web's ledger and advise write one: 14.5%, not 0.145
                        "share_given_up": ".1%",
                        # over draws, chances as target writes them (38%), their change in
                        # percentage points (+8.66 pts); one result: words (won, lost)
                        **({} if counts else dict.fromkeys(WIN_COLUMNS, "words")),
                        **({} if counts else {"bloc_gain": "points"}),
                        "rate": ".2f",
                        "votes_given_up": ",.0f",
                        "change": "+,d" if counts else "+.1f",
                    },
                )
            else:
                console.print(f"{heading}: none.")
        if chart is not None:
            chart_written(chart, output)
        if save_draws is not None:
            console.print(f"Draws written to {save_draws} ({counted(result.n_draws, 'draw')})")
