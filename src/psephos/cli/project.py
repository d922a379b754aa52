"""``psephos project`` and ``psephos backtest``: seats from a poll, and how far to trust them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from psephos.cli._inputs import (
    BY_REGION_OPTION,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    not_both,
    open_election,
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
    CANDIDATES_FROM_OPTION,
    CANDIDATES_OPTION,
    MODEL_HELP,
    POLICY_OPTION,
    RECOMMENDATIONS_OPTION,
    SHAPE_OPTION,
    project_from_options,
)
from psephos.errors import PsephosError, unknown_choice
from psephos.government import outcome_lines
from psephos.government.choices import seats_text
from psephos.jurisdictions import UK
from psephos.jurisdictions import get as get_jurisdiction
from psephos.projection import (
    DEFAULT_MODEL,
    DEFAULT_PAIRS,
    MODELS,
    backtest,
    get_model,
    results_table,
    save_chart,
)
from psephos.projection.backtest import aligned_result, country_pairs

if TYPE_CHECKING:
    from psephos.forecast.realinput import RealInputForecast

#: Simulations and seed of the real-input back-test's forecasts (``--sims``, ``--seed``).
FORECAST_SIMS = 20_000
FORECAST_SEED = 0


@dataclass(frozen=True, slots=True)
class ForecastSettings:
    """How ``psephos backtest --forecast`` forecasts: simulations, seed, model-error form."""

    n_sims: int
    seed: int
    model_error: str


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
        not_both(
            ("--seats", seats),
            ("--all-seats", all_seats),
            why="--seats lists the seats that change hands, --all-seats every seat.",
        )
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
            "from_file": election.from_file,  # a user's file, never the bundled one of its name
            "model": result.model,
            **inputs.described,
            "poll_adjustment": adjustment,
            "seats": summary["seats"],
            # the House as psephos govern --seats takes it, for who could govern with it
            "govern_seats": seats_text(result.election),
            "target_shares": summary["target_shares"],
            "projection": summary,
            "headline": headline,
            "notes": notes,
        }
        if seats or all_seats:
            rows = result.seat_rows(changed_only=not all_seats)
            render(
                rows,
                output,
                title=(
                    f"Every seat ({result.model} from {election.id})"
                    if all_seats
                    else f"Seats changing hands ({result.model} from {election.id})"
                ),
                # every share column at one decimal, as the majority's (a share under 1% of
                # a column of tens is 0.6, not 0.57: one format a column)
                formats={column: ".1f" for column in rows[0] if column.endswith("_pct")}
                if rows
                else None,
                extra=extra,
            )
            return
        render(
            # each party's code with the projected election's label beside it (Reform UK from
            # 2019, as forecast and exitpoll name it), as /api/swingometer's seats
            [
                {"party": row["party"], "party_label": result.election.label(row["party"]), **row}
                for row in result.changes()
            ],
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
        model_error: str | None = typer.Option(
            None,
            "--model-error",
            help="With --forecast: form of the forecast's model-error layer, spread (sd "
            "proportional to sqrt(s(1-s)), the headline and the default) or swing (sd "
            "proportional to each party's GB swing; an in-sample variant, see "
            "docs/backtests.md).",
        ),
        sims: int | None = typer.Option(
            None,
            "--sims",
            help=f"With --forecast or --markdown: simulations per forecast (default: "
            f"{FORECAST_SIMS:,}).",
        ),
        seed: int | None = typer.Option(
            None,
            "--seed",
            help=f"With --forecast or --markdown: random seed of the forecasts (same seed, same "
            f"answer; default: {FORECAST_SEED}).",
        ),
        markdown: bool = typer.Option(
            False,
            "--markdown",
            help="With --input all: print the Markdown tables of docs/backtests.md (every "
            "election, input and reference, and the forecasts).",
        ),
        base_from: str | None = typer.Option(
            None,
            "--from",
            help="With --to: back-test these two elections instead of a country's pairs: the "
            "base (a bundled id or a results CSV) projected to the result's true area shares.",
        ),
        result_to: str | None = typer.Option(
            None,
            "--to",
            help="With --from: the later election on the same seats (a bundled id or a "
            "results CSV), whose true shares are the input and whose winners score it.",
        ),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        country: str = typer.Option(
            "uk",
            "--country",
            help="Country whose bundled elections to back-test on true area shares: uk "
            "(2010->2015 to 2019n->2024) or canada (2019->2021; its areas are the provinces).",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Back-test swing models on 2010->2015, 2015->2017, 2017->2019 and 2019n->2024.

        --country canada back-tests Canada's 2019 -> 2021; --from and --to any two elections
        on the same seats, bundled or results files."""
        if (base_from is None) != (result_to is None):
            raise PsephosError(
                "--from and --to go together: the base election and the later result on the "
                "same seats (bundled ids or results CSVs)."
            )
        if base_from is not None and (real_input is not None or markdown or country != "uk"):
            given = (
                "--input" if real_input is not None else "--markdown" if markdown else "--country"
            )
            raise PsephosError(
                f"--from and --to back-test the two elections given; {given} does not apply "
                "to them: leave it out."
            )
        pairs = country_pairs(country)
        if pairs != DEFAULT_PAIRS and (real_input is not None or markdown):
            raise PsephosError(
                f"{'--input' if real_input is not None else '--markdown'} back-tests the "
                "UK's real inputs (final-week GB polls, the exit poll, Electoral Calculus), "
                "bundled for the UK only; leave out --country for it."
            )
        _check_options(
            real_input,
            markdown=markdown,
            with_forecast=with_forecast,
            given={
                "--election": bool(election),
                "--model": bool(model),
                "--chart": chart is not None,
                "--candidates": with_candidates,
                "--model-error": model_error is not None,
                "--sims": sims is not None,
                "--seed": seed is not None,
                "--format": output is not OutputFormat.table,
            },
            output=output,
        )
        _check_elections(election, real_input)
        forecast = ForecastSettings(
            sims if sims is not None else FORECAST_SIMS,
            seed if seed is not None else FORECAST_SEED,
            model_error or "spread",
        )
        _check_model_error(forecast.model_error)
        if markdown:
            with working("back-testing every election and input, then forecasting", output):
                text = real_input_markdown(n_sims=forecast.n_sims, seed=forecast.seed)
            print(text)
            return
        if real_input is not None:
            _real_input_backtest(
                real_input, election, model, forecast if with_forecast else None, output
            )
            return
        loader = None
        if base_from is not None and result_to is not None:  # two elections, read once checked
            base_election = open_election(base_from, unknown_parties=unknown_parties.value)
            result_election = aligned_result(
                base_election, open_election(result_to, unknown_parties=unknown_parties.value)
            )
            loaded = {"from": base_election, "to": result_election}
            pairs = (("from", "to"),)
            loader = loaded.__getitem__
        names = model or list(MODELS)
        with progress(output) as bar:
            task = bar.add_task("back-testing", total=len(names) * len(pairs))
            results = backtest(
                names,
                pairs,
                loader=loader,
                progress=lambda: bar.advance(task),
                candidates=with_candidates,
            )
        if chart is not None:
            save_chart(results, chart)
        if loader is not None:
            where = (
                f"{results[0].base} -> {results[0].result} given its true area shares (fitted "
                "models learn from the bundled UK elections before the base, or all of them "
                "for a file"
            )
        elif pairs == DEFAULT_PAIRS:
            where = "GB seats given true regional shares (out of sample"
        else:
            where = (
                f"{get_jurisdiction(country).name}'s seats given true area shares (out of "
                "sample; fitted models learn from the UK's elections held before the base"
            )
        render(
            results_table(results),
            output,
            title=f"Back-tests on {where}"
            + (", with the result's candidate lists)" if with_candidates else ")"),
            extra={
                "chart": str(chart) if chart else None,
                "candidates": with_candidates,
                "pairs": list(dict.fromkeys(result.pair for result in results)),
            },
        )


def _check_options(
    real_input: str | None,
    *,
    markdown: bool,
    with_forecast: bool,
    given: dict[str, bool],
    output: OutputFormat,
) -> None:
    """Refuse, in one line, an option ``psephos backtest`` would otherwise leave unused.

    ``given`` says which of the options were given (``--format``: other than the table).
    """
    from psephos.errors import PsephosError

    for_forecast = [name for name in ("--model-error", "--sims", "--seed") if given[name]]
    if markdown:
        unused = [
            name
            for name in ("--election", "--model", "--chart", "--candidates", "--model-error")
            if given[name]
        ] + (["--format"] if given["--format"] else [])
        if real_input not in (None, "all") or unused:
            shown = f"--input {real_input}" if real_input not in (None, "all") else unused[0]
            raise PsephosError(
                f"--markdown prints every table of docs/backtests.md, so {shown} does not "
                "apply; leave it out (or leave out --markdown for one input, election or "
                "format)."
            )
        return
    if real_input is None:
        if with_forecast:
            raise PsephosError(
                "--forecast needs --input (polls, polls-adjusted, gb, regional, mrp or all)."
            )
        if for_forecast:
            raise PsephosError(f"{for_forecast[0]} needs --input and --forecast.")
        return
    if given["--chart"]:
        raise PsephosError(
            "--chart draws the back-test on true regional shares; leave out --input for it."
        )
    if given["--candidates"]:
        raise PsephosError(
            "--input back-tests always give the result's candidate lists; leave out --candidates."
        )
    if for_forecast and not with_forecast:
        raise PsephosError(f"{for_forecast[0]} needs --forecast.")
    if with_forecast and output is OutputFormat.csv:
        raise PsephosError(
            "--forecast adds a second table, which one CSV stream cannot hold; use -f json "
            "(both in one object) or leave out --forecast."
        )


def _real_input_backtest(
    kind: str,
    elections: list[str] | None,
    models: list[str] | None,
    forecast: ForecastSettings | None,
    output: OutputFormat,
) -> None:
    """``psephos backtest --input ...``: real inputs, scored by the GB scoring harness, and with
    ``forecast`` the forecasts from the same inputs: two tables, or one JSON object."""
    from psephos.errors import PsephosError
    from psephos.projection.backtest import (
        INPUTS,
        REAL_INPUT_ELECTIONS,
        SHAPE_ELECTIONS,
        check_input,
        input_applies,
        real_input_scores,
        score_record,
        score_row,
    )

    inputs = list(INPUTS) if kind == "all" else [kind]
    if kind not in INPUTS and kind != "all":
        raise PsephosError(unknown_choice("input", kind, (*INPUTS, "all"), listed_as="inputs"))
    if elections and kind != "all":
        for year in elections:  # mrp before 2024: say so, never a table of references only
            check_input(kind, year)
    years = list(elections or (SHAPE_ELECTIONS if kind == "mrp" else REAL_INPUT_ELECTIONS))
    names = list(models or ["national"])
    for name in names:
        get_model(name)
    steps = sum(len(names) for year in years for name in inputs if input_applies(name, year))
    with progress(output) as bar:
        task = bar.add_task("back-testing", total=steps)
        scores = real_input_scores(years, inputs, names, progress=lambda: bar.advance(task))
    title = "Real-input back-test on GB seats (out of sample; scored on winning candidates)"
    extra: dict[str, object] = {"inputs": inputs, "models": names}
    if output is OutputFormat.json:  # one object: the scores, then the forecasts, as numbers
        if forecast is not None:
            results = _forecasts(years, inputs, names[0], forecast, output)
            extra.update(
                forecast=[result.record() for result in results],
                n_sims=forecast.n_sims,
                seed=forecast.seed,
                model_error=forecast.model_error,
            )
        rows = [score_record(score, *key) for *key, score in scores]
        render(rows, output, title=title, extra=extra)
        return
    render([score_row(score, *key) for *key, score in scores], output, title=title, extra=extra)
    if forecast is None:
        return
    results = _forecasts(years, inputs, names[0], forecast, output)
    render(
        [result.row() for result in results],
        output,
        title="Forecasts from the same inputs: 90% intervals (real total) and the 70-80% band "
        f"({forecast.n_sims:,} simulations, seed {forecast.seed})",
        extra={"forecast": True, "model_error": forecast.model_error},
    )


def _forecasts(
    years: list[str],
    inputs: list[str],
    model: str,
    forecast: ForecastSettings,
    output: OutputFormat,
) -> list[RealInputForecast]:
    """The forecasts from the same inputs (:func:`real_input_forecasts`), with a progress bar."""
    from psephos.forecast.realinput import real_input_forecasts
    from psephos.projection.backtest import input_applies

    with progress(output) as bar:
        task = bar.add_task(
            "forecasting", total=sum(input_applies(kind, year) for year in years for kind in inputs)
        )
        return real_input_forecasts(
            years,
            inputs,
            model,
            n_sims=forecast.n_sims,
            seed=forecast.seed,
            progress=lambda: bar.advance(task),
            model_error=forecast.model_error,
        )


def _check_model_error(model_error: str) -> None:
    """``--model-error`` names a form of the forecast's model-error layer."""
    from psephos.errors import PsephosError
    from psephos.forecast.realinput import MODEL_ERRORS

    if model_error not in MODEL_ERRORS:
        raise PsephosError(unknown_choice("model error", model_error, MODEL_ERRORS))


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
        input_applies,
        real_input_rows,
    )
    from psephos.tactical.report import table

    columns = ["input", "source", "seat_error", "called", "projected", "party_error"]
    summary: dict[tuple[str, str], object] = {}
    sections: list[str] = []
    for election_id in REAL_INPUT_ELECTIONS:
        rows: list[dict[str, object]] = []
        for kind in INPUTS:
            if not input_applies(kind, election_id):
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
