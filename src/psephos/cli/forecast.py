"""``psephos forecast``: Monte Carlo forecast of seats from a base election and a poll."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import typer

from psephos.cli._inputs import (
    BY_REGION_OPTION,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    poll_option,
)
from psephos.cli._output import (
    ADJUST_POLLS_HELP,
    BASE_HELP,
    POLL_HELP,
    OutputFormat,
    chart_written,
    console,
    counting_progress,
    render,
)
from psephos.cli._projection_inputs import (
    CANDIDATES_FROM_OPTION,
    CANDIDATES_OPTION,
    POLICY_OPTION,
    RECOMMENDATIONS_OPTION,
    SHAPE_OPTION,
    project_from_options,
)
from psephos.errors import InvalidSharesError
from psephos.forecast.calibration import fit_seat_spread, model_spread, poll_error_model
from psephos.forecast.charts import check_chart_path, seat_distribution_chart
from psephos.forecast.errors_model import ErrorModel, SeatSpreadErrors
from psephos.forecast.montecarlo import plan_forecast, run_chunks, summarise
from psephos.jurisdictions import UK
from psephos.numbers import counted
from psephos.projection import DEFAULT_MODEL

FloatArray = npt.NDArray[np.float64]


def register(app: typer.Typer) -> None:
    """Add the forecast command."""

    @app.command("forecast")
    def forecast_command(
        base: str = typer.Option(UK.latest_id, "--from", help=BASE_HELP),
        poll: str | None = poll_option(POLL_HELP + " Default: the base result itself.", "-p"),
        adjust_polls: bool = typer.Option(False, "--adjust-polls", help=ADJUST_POLLS_HELP),
        policy: str = POLICY_OPTION,
        by_region: Path | None = BY_REGION_OPTION,
        candidates: str | None = CANDIDATES_OPTION,
        candidates_from: str | None = CANDIDATES_FROM_OPTION,
        shape: str | None = SHAPE_OPTION,
        recommendations: str | None = RECOMMENDATIONS_OPTION,
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        model: str = typer.Option(
            DEFAULT_MODEL,
            "--model",
            "-m",
            help="Projection model turning the poll into seat shares (any psephos.projection "
            "model, e.g. uniform, proportional, strong-transition, covariate).",
        ),
        sims: int = typer.Option(100_000, "--sims", help="Number of simulations."),
        seed: int | None = typer.Option(
            None,
            "--seed",
            help="Random seed (same seed, same answer; default: a fresh one each run, shown in "
            "the title and recorded in the JSON, so that the run can be repeated).",
        ),
        national_scale: float = typer.Option(
            0.052,
            "--national-scale",
            min=0.0,
            help="National (poll) error: sd = scale * sqrt(s(1-s)); 0.052 is 2.5 points at 35%.",
        ),
        tail_df: float | None = typer.Option(
            None, "--tail-df", help="Student-t degrees of freedom for fatter tails (e.g. 5)."
        ),
        seat_spread: bool = typer.Option(
            False,
            "--seat-spread/--no-seat-spread",
            help="Widen each seat's error where standard swing models disagree about it "
            "(the ensemble spread, sized on the back-tests; off by default: it did not improve "
            "the back-tests with a nation-uniform-swing mean, and has not been re-scored with "
            "the default model's).",
        ),
        threads: int = typer.Option(2, "--threads", min=1, help="Worker threads."),
        chart: Path | None = typer.Option(
            None, "--chart", help="Write seat distributions to this .png, .svg or .html file."
        ),
        seats: bool = typer.Option(
            False,
            "--seats",
            help="Also list every seat's favourite: a second table under the forecast's; in "
            "CSV, which holds one table, the seats' rows alone (as project --seats gives them); "
            "in JSON, the seats' rows with the forecast's in 'parties'.",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Probabilities of every seat total, majority and hung parliament from a poll."""
        if chart is not None:
            check_chart_path(chart)
        from psephos.projection.models import get_model

        get_model(model)  # an unknown model is an error even before --poll uses it
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
            optional=True,  # no poll: the forecast is around the base result
        )
        election, inputs, projection = projected.base, projected.inputs, projected.result
        # around the projection `psephos project` makes with the same options, or the base
        # result as decided (each party's strongest candidate: two Independents are two)
        mean_shares = (
            election.contest_shares() if projection is None else projection.contest_shares()
        )
        layers = poll_error_model(national_scale, tail_df)
        errors: ErrorModel = layers
        k = 0.0
        if seat_spread:
            if projection is None:  # around the base result no swing model disagrees
                raise InvalidSharesError(
                    "--seat-spread widens each seat's error where swing models disagree about "
                    "a projection: give --poll or --by-region too."
                )
            scale, k = fit_seat_spread("next", mean="nation-uniform", scenario="nations")
            layers = replace(layers, seat_scale=scale)
            # the swing models get the mean's own inputs: the poll, area shares and lists
            spread = model_spread(
                election,
                mean_shares,
                national=projected.poll,
                areas=inputs.areas,
                candidates=inputs.candidates,
            )
            errors = SeatSpreadErrors(layers, np.sqrt(k / 2.0) * spread)
        if seed is None:
            seed = fresh_seed()
        plan = plan_forecast(election, mean_shares, errors)
        with counting_progress("simulating", "simulations", output) as bar:
            task = bar.add_task("sims", total=sims)
            counts = run_chunks(
                plan,
                sims,
                seed=seed,
                n_threads=threads,
                progress=lambda n: bar.advance(task, n),
            )
        result = summarise(plan, counts)
        if chart is not None:
            seat_distribution_chart(result, chart, labels=result.labels(election))
        headline = result.headline(
            election, projection.summary()["seats"] if projection is not None else None
        )
        party_rows = result.summary_rows(election)  # each party as the next election names it
        extra = {
            "base": election.id,
            "from_file": election.from_file,  # a user's file, never the bundled one of its name
            "poll": projected.given,
            "poll_adjustment": projected.adjustment,
            "model": model if projection is not None else None,
            **inputs.described,
            "projection": projection.summary() if projection is not None else None,
            "n_sims": sims,
            "seed": seed,
            **result.no_majority(election),
            "government_options": [
                {
                    "parties": list(o.parties),
                    "probability": o.probability,
                    "probability_minimal_winning": o.probability_minimal,
                    "probability_minimal_connected_winning": o.probability_connected,
                }
                for o in result.government_options
            ],
            "error_model": {
                "national_scale": layers.national_scale,
                "regional_scale": layers.regional_scale,
                "seat_scale": layers.seat_scale,
                "tail_df": layers.tail_df,
                "seat_spread_k": k,
            },
            "headline": headline,
            "notes": projected.notes,  # as printed: the note: lines on stderr
            # the forecast's party rows under one key with or without --seats (and as
            # /api/forecast gives them), so a script reads them alike
            "parties": party_rows,
        }
        if seats and output is not OutputFormat.table:
            # one file, one table: the seats' rows, as `project --seats` gives them; JSON keeps
            # the forecast's own rows in "parties" and its headline
            render(
                result.seat_rows(election),
                output,
                title=f"Seat favourites (seed {seed})",
                extra=extra,
            )
            return
        render(
            party_rows,
            output,
            title=(
                f"Forecast from {election.source_name} ({counted(sims, 'simulation')}, "
                f"seed {seed}{inputs.title_suffix()})"
            ),
            # chances as the lines below and advise write them: 56%, about 1 in 200
            formats={"p_majority": "words", "p_working_majority": "words", "p_largest": "words"},
            extra=extra,
        )
        if output is OutputFormat.table:
            for line in headline:
                console.print(line)
            if seats:  # under the forecast, its seats (the seats' table prints no sentence)
                render(result.seat_rows(election), output, title=f"Seat favourites (seed {seed})")
            if chart is not None:
                chart_written(chart, output)


def fresh_seed() -> int:
    """A seed drawn from the operating system's entropy, within ``--seed``'s range (0 to
    2**32 - 1), for a run given none: it is used and recorded, so the run can be repeated."""
    return int(np.random.SeedSequence().generate_state(1, dtype=np.uint32)[0])
