"""``psephos project`` and ``psephos backtest``: seats from a poll, and how far to trust them."""

from __future__ import annotations

from pathlib import Path

import typer

from psephos.cli._inputs import (
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    poll_option,
)
from psephos.cli._output import (
    BASE_HELP,
    POLL_HELP,
    OutputFormat,
    console,
    progress,
    render,
    working,
)
from psephos.cli._projection_inputs import (
    ADJUST_POLLS_OPTION,
    BY_REGION_OPTION,
    CANDIDATES_FROM_OPTION,
    CANDIDATES_OPTION,
    MODEL_HELP,
    POLICY_OPTION,
    RECOMMENDATIONS_OPTION,
    SHAPE_OPTION,
    project_from_options,
)
from psephos.government import outcome_lines
from psephos.jurisdictions import UK
from psephos.projection import (
    DEFAULT_MODEL,
    MODELS,
    backtest,
    get_model,
    results_table,
    save_chart,
)


def register(app: typer.Typer) -> None:
    """Add the projection commands."""

    @app.command("project")
    def project_command(
        base: str = typer.Option(UK.latest_id, "--from", help=BASE_HELP),
        poll: str | None = poll_option(POLL_HELP, "-p"),
        by_region: Path | None = BY_REGION_OPTION,
        model: str = typer.Option(DEFAULT_MODEL, "--model", "-m", help=MODEL_HELP),
        candidates: str | None = CANDIDATES_OPTION,
        candidates_from: str | None = CANDIDATES_FROM_OPTION,
        shape: str | None = SHAPE_OPTION,
        recommendations: str | None = RECOMMENDATIONS_OPTION,
        adjust_polls: bool = ADJUST_POLLS_OPTION,
        policy: str = POLICY_OPTION,
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
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
        projected = project_from_options(
            base,
            poll,
            model=model,
            by_region=by_region,
            candidates=candidates,
            candidates_from=candidates_from,
            shape=shape,
            recommendations=recommendations,
            adjust_polls=adjust_polls,
            policy=policy,
            unknown_parties=unknown_parties.value,
        )
        election, inputs, result = projected.base, projected.inputs, projected.result
        adjustment, notes = projected.adjustment, projected.notes
        summary = result.summary()
        headline = outcome_lines(result.election)
        extra = {
            "base": election.id,
            "model": result.model,
            **inputs.described,
            "poll_adjustment": adjustment,
            "seats": summary["seats"],
            "target_shares": summary["target_shares"],
            "projection": summary,
            "headline": headline,
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
            title=f"Projection from {election.source_name} ({result.model}{inputs.title_suffix()})",
            formats={"change": "+d"},
            extra=extra,
        )
        if output is OutputFormat.table:
            for line in headline:
                console.print(line, highlight=False)

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
        real_input: str | None = typer.Option(
            None,
            "--input",
            "-i",
            help="Real-input back-test of 2015, 2017, 2019 and 2024 from: polls (final-week GB "
            "poll average), polls-adjusted (that average corrected for the polls' error at "
            "earlier elections), gb (true GB shares, national only), regional (true regional "
            "shares), mrp (true GB shares on the 2024 MRP seat shape) or all; shown beside "
            "the exit poll and Electoral Calculus's final prediction.",
        ),
        election: list[str] | None = typer.Option(
            None, "--election", "-e", help="With --input: election(s) to test (default: all)."
        ),
        with_forecast: bool = typer.Option(
            False,
            "--forecast",
            help="With --input: Monte Carlo forecasts from the same inputs, scored on their "
            "90% intervals and the 70-80% band.",
        ),
        model_error: str = typer.Option(
            "spread",
            "--model-error",
            help="With --forecast: form of the forecast's model-error layer, spread (sd "
            "proportional to sqrt(s(1-s)), the headline) or swing (sd proportional to each "
            "party's GB swing; an in-sample variant, see docs/backtests.md).",
        ),
        markdown: bool = typer.Option(
            False,
            "--markdown",
            help="With --input all: print the Markdown tables of docs/backtests.md (every "
            "election, input and reference, and the forecasts).",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Back-test swing models on 2010->2015, 2015->2017, 2017->2019 and 2019n->2024."""
        _check_elections(election, real_input)
        _check_model_error(model_error)
        if markdown:
            with working("back-testing every election and input, then forecasting", output):
                text = real_input_markdown()
            print(text)
            return
        if real_input is not None:
            _real_input_backtest(
                real_input, election, model, with_forecast, output, model_error=model_error
            )
            return
        names = model or list(MODELS)
        with progress(output) as bar:
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


def _real_input_backtest(
    kind: str,
    elections: list[str] | None,
    models: list[str] | None,
    with_forecast: bool,
    output: OutputFormat,
    *,
    model_error: str = "spread",
) -> None:
    """``psephos backtest --input ...``: real inputs, scored by the GB scoring harness."""
    from psephos.errors import PsephosError
    from psephos.forecast.realinput import forecast_rows
    from psephos.projection.backtest import INPUTS, REAL_INPUT_ELECTIONS, real_input_rows

    inputs = list(INPUTS) if kind == "all" else [kind]
    for name in inputs:
        if name not in INPUTS:
            raise PsephosError(f"Unknown input {name!r}; inputs: {', '.join(INPUTS)}, all.")
    years = list(elections or REAL_INPUT_ELECTIONS)
    names = list(models or ["national"])
    for name in names:
        get_model(name)
    steps = len(years) * len(inputs) * len(names)
    with progress(output) as bar:
        task = bar.add_task("back-testing", total=steps)
        rows = real_input_rows(years, inputs, names, progress=lambda: bar.advance(task))
    render(
        rows,
        output,
        title="Real-input back-test on GB seats (out of sample; scored on winning candidates)",
        extra={"inputs": inputs, "models": names},
    )
    if not with_forecast:
        return
    forecast_inputs = [name for name in inputs if name in ("polls", "gb")]
    with progress(output) as bar:
        task = bar.add_task("forecasting", total=len(years) * len(forecast_inputs))
        table = forecast_rows(
            years,
            forecast_inputs,
            names[0],
            progress=lambda: bar.advance(task),
            model_error=model_error,
        )
    render(
        table,
        output,
        title="Forecasts from the same inputs: 90% intervals (real total) and the 70-80% band",
        extra={"forecast": True, "model_error": model_error},
    )


def _check_model_error(model_error: str) -> None:
    """``--model-error`` names a form of the forecast's model-error layer."""
    from psephos.errors import PsephosError
    from psephos.forecast.realinput import MODEL_ERRORS

    if model_error not in MODEL_ERRORS:
        raise PsephosError(
            f"Unknown model error {model_error!r}; known: {', '.join(MODEL_ERRORS)}."
        )


def _check_elections(elections: list[str] | None, real_input: str | None) -> None:
    """``--election`` names real-input back-test elections and needs ``--input``."""
    from psephos.errors import PsephosError
    from psephos.projection.backtest import REAL_INPUT_ELECTIONS

    if not elections:
        return
    for year in elections:
        if year not in REAL_INPUT_ELECTIONS:
            from contextlib import suppress

            from psephos.errors import UnknownElectionError
            from psephos.jurisdictions import REAL_INPUT_BACKTEST, require

            with suppress(UnknownElectionError):  # a country without final-week polls: say so
                require(REAL_INPUT_BACKTEST, year)
            raise PsephosError(
                f"No real-input back-test for {year!r}; elections: "
                f"{', '.join(REAL_INPUT_ELECTIONS)}."
            )
    if real_input is None:
        raise PsephosError(
            "--election needs --input (polls, polls-adjusted, gb, regional, mrp or all)."
        )


#: Plain comparison model shown beside the national model for each input.
COMPARISON_MODELS: dict[str, str] = {
    "polls": "uniform",
    "polls-adjusted": "uniform",
    "gb": "uniform",
    "regional": "regional-uniform",
}


def real_input_markdown(*, n_sims: int = 20_000, seed: int = 0) -> str:
    """The real-input tables of docs/backtests.md (``psephos backtest --input all --markdown``).

    One table per election (every input, the national model and a plain comparison model,
    then the published references), a summary of GB seat errors, and the forecast table.
    """
    from psephos.forecast.realinput import forecast_rows
    from psephos.projection.backtest import (
        INPUTS,
        REAL_INPUT_ELECTIONS,
        SHAPE_ELECTIONS,
        real_input_rows,
    )
    from psephos.tactical.report import table

    columns = ["input", "source", "seat_error", "called", "projected", "party_error"]
    summary: dict[tuple[str, str], object] = {}
    sections: list[str] = []
    for election_id in REAL_INPUT_ELECTIONS:
        rows: list[dict[str, object]] = []
        for kind in INPUTS:
            if kind == "mrp" and election_id not in SHAPE_ELECTIONS:
                continue
            models = ["national", *([COMPARISON_MODELS[kind]] if kind in COMPARISON_MODELS else [])]
            rows.extend(real_input_rows([election_id], [kind], models, references=False))
        rows.extend(row for row in real_input_rows([election_id], [], ()) if row)
        for row in rows:
            summary[(election_id, f"{row['input']}: {row['source']}")] = row["seat_error"]
        sections.extend([f"#### {election_id}", "", table(rows, columns), ""])
    labels = list(dict.fromkeys(label for _, label in summary))
    summary_rows = [
        {"input: source": label, **{e: summary.get((e, label), "") for e in REAL_INPUT_ELECTIONS}}
        for label in labels
    ]
    forecasts = forecast_rows(n_sims=n_sims, seed=seed)
    forecast_columns = list(forecasts[0]) if forecasts else []
    return "\n".join(
        [
            "Generated by `psephos backtest --input all --markdown` "
            "(`psephos.cli.project.real_input_markdown`).",
            "",
            "#### GB seat error by election (sum over parties of |projected - actual|)",
            "",
            table(summary_rows, ["input: source", *REAL_INPUT_ELECTIONS]),
            "",
            *sections,
            "#### Forecasts from the same inputs (90% intervals of GB seats; real total in "
            "brackets, OUT when outside; seats given 70-80% and the share won; error scales "
            "national/regional (English regions)/seat, then Scotland's and Wales's own "
            "regional scales)",
            "",
            table(forecasts, forecast_columns),
            "",
        ]
    )
