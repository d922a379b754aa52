"""``psephos exitpoll``: seats from a sample of seats' results, and the emulation back-test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from psephos.charts import check_chart_path
from psephos.cli._inputs import UNKNOWN_PARTIES_HELP, UnknownParties
from psephos.cli._output import (
    OutputFormat,
    chart_written,
    console,
    counting_progress,
    print_note,
    render,
)
from psephos.cli._projection_inputs import CANDIDATES_FROM_HELP, CANDIDATES_OPTION, read_standing
from psephos.forecast.charts import exit_poll_error_chart
from psephos.forecast.exitpoll import (
    MIN_INTERVAL_SEATS,
    MIN_SAMPLE_SEATS,
    REAL_EXIT_POLL,
    REAL_EXIT_POLL_ERROR,
    ExitPollEstimate,
    apart_note,
    check_estimator,
    emulate,
    estimator_fields,
    estimator_settings,
    exit_poll_from_results,
    missing_party_notes,
    sample_seats,
    unused_picks_notes,
)
from psephos.forecast.intervals import INTERVAL_LEVEL
from psephos.io.rows import read_file
from psephos.io.user_csv import SAMPLE_WHAT
from psephos.jurisdictions import EXIT_POLL, UK, load, parse_sample_csv, require
from psephos.model import Election, night_label, party_label
from psephos.projection.national import resolve_recommendations

exitpoll_app = typer.Typer(
    help="Exit poll (estimator chosen on earlier elections): seats from a sample of seats.",
    no_args_is_help=True,
)


def seat_rows(
    base: Election, estimate: ExitPollEstimate, sampled: set[int]
) -> list[dict[str, Any]]:
    """Every seat's favourite (labelled as the night after the base names it), its probability
    and predicted share, its base winner (as the base names it), and whether it was sampled."""
    probability = estimate.win_probability
    out = []
    for i, seat in enumerate(base.constituencies):
        j = int(probability[i].argmax())
        out.append(
            {
                "code": seat.code,
                "name": seat.name,
                "favourite": estimate.parties[j],
                "favourite_label": night_label(estimate.parties[j], base.labels_id),
                "probability": round(float(probability[i, j]), 3),
                "predicted_share": round(float(estimate.shares[i, j]), 4),
                "base_winner": base.parties[int(base.winner[i])],
                "base_winner_label": base.label(base.parties[int(base.winner[i])]),
                "sampled": i in sampled,
            }
        )
    return out


def register(app: typer.Typer) -> None:
    """Add the exitpoll command group."""

    @exitpoll_app.command("estimate")
    def estimate_command(
        sample: Path = typer.Argument(
            ...,
            help="CSV of the sampled seats' results in the long format "
            "(seat_code,seat_name,party,votes; see docs/forecast.md), or their shares (a "
            "share column of percentages or fractions, or share_pct) in place of votes; "
            "seats by seat_code or seat_name.",
        ),
        base: str = typer.Option(
            UK.latest_id, "--from", help="Base election on the same boundaries (a bundled id)."
        ),
        candidates: str | None = CANDIDATES_OPTION,
        candidates_from: str | None = typer.Option(
            None,
            "--candidates-from",
            "--standing-from",
            help=CANDIDATES_FROM_HELP + " Who stands in the unsampled seats (default: the "
            "nominations of the election that followed the base, when bundled, else the base's "
            "field).",
        ),
        estimator: str = typer.Option(
            "chosen",
            "--estimator",
            help="chosen (default: the estimator and settings chosen on earlier elections), "
            "pooled (partial pooling by region and seat type) or linear (Curtice-Firth ridge).",
        ),
        feature_set: str = typer.Option(
            "tactical",
            "--features",
            help="The linear estimator's features: tactical, plain or regional.",
        ),
        recommendations: str | None = typer.Option(
            None,
            "--recommendations",
            help="Tactical-voting sites' picks, published before polling day: a CSV "
            "'seat,party[,site]', a bundled set (sites-2019, sites-2024) or none (default: "
            "the picks bundled for the election that followed the base, e.g. sites-2024 from "
            "2019-notional-2024, else none). The chosen estimator lets the sampled seats show "
            "how far voters followed them.",
        ),
        unknown_parties: UnknownParties = typer.Option(
            UnknownParties.error, "--unknown-parties", help=UNKNOWN_PARTIES_HELP
        ),
        seats: bool = typer.Option(False, "--seats", help="List every seat's favourite."),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Seats from a sample of seats' results (change modelled by region and seat type),
        with each party's 90% interval (from 4 sampled seats on; fewer give the expected
        seats alone, with a note)."""
        check_estimator(estimator)
        base_election = load(base)
        require(EXIT_POLL, base_election)  # before the sample is read
        read = read_file(sample, what=SAMPLE_WHAT)
        results, read_notes = parse_sample_csv(  # votes or shares, seats by code or name
            read.text,
            name=read.name,
            base=base_election,
            unknown_parties=unknown_parties.value,
        )
        require(EXIT_POLL, results)  # a sample of another country's seats
        notes = list(read_notes)  # as printed: the note: lines on stderr
        for note in read_notes:
            print_note(note)
        standing = read_standing(base_election, candidates, candidates_from)
        settings = estimator_settings("next", estimator, feature_set)
        recommendations, recommended = resolve_recommendations(base_election, recommendations)
        for note in unused_picks_notes(estimator, settings, recommendations):
            print_note(note)
            notes.append(note)
        estimate = exit_poll_from_results(
            base_election,
            results,
            standing=standing,
            settings=settings,
            recommended=recommended,
        )
        for note in missing_party_notes(base_election, results, standing=standing):
            print_note(note)
            notes.append(note)
        apart = apart_note(base_election, estimate, results.codes, base_election.name)
        if apart is not None:  # how Northern Ireland was estimated, as the web page says
            print_note(apart)
            notes.append(apart)
        sampled = {base_election.seat_index(code) for code in results.codes}
        no_interval = estimate.interval_note  # too few sampled seats to measure a range
        if no_interval is not None:
            print_note(no_interval)
            notes.append(no_interval)
        intervals = None if no_interval else estimate.seat_intervals(INTERVAL_LEVEL)
        extra = {
            "base": base_election.id,
            "sampled_seats": len(sampled),
            **estimator_fields(estimator, settings),
            "recommendations": recommendations,
            "feature_set": feature_set if estimator == "linear" else None,
            "expected_seats": {
                p: round(v, 2) for p, v in estimate.expected_seats.items() if v >= 0.005
            },
            "interval": INTERVAL_LEVEL,
            "intervals": (
                None if intervals is None else {p: list(pair) for p, pair in intervals.items()}
            ),
            "notes": notes,
        }
        if seats:
            render(
                seat_rows(base_election, estimate, sampled),
                output,
                title="Exit poll: every seat's favourite",
                formats={"probability": ".0%", "predicted_share": ".1%"},
                extra=extra,
            )
            return
        render(
            estimate.party_rows(base_election, intervals),
            output,
            title=f"Exit poll from {len(sampled)} sampled seats (base {base_election.name})",
            formats={"change": "+.1f"},  # signed, as project's and results' changes are
            extra=extra,
            command="exitpoll",  # its legend: low, high, favourite_seats, ... (psephos.columns)
        )

    @exitpoll_app.command("emulate")
    def emulate_command(
        election: str = typer.Argument(
            ..., help="The election to emulate: 2015, 2017, 2019 or 2024."
        ),
        k: int = typer.Option(
            100,
            "--k",
            help=f"Seats in each sample (the 'exit poll'): from {MIN_SAMPLE_SEATS} to the "
            "election's seats in Great Britain (its country's main area).",
        ),
        draws: int = typer.Option(50, "--draws", help="Random samples (seeded)."),
        seed: int = typer.Option(12, "--seed", help="Random seed (same seed, same answer)."),
        estimator: str = typer.Option(
            "chosen",
            "--estimator",
            help="chosen (default: the estimator and settings chosen on earlier elections), "
            "pooled (partial pooling by region and seat type) or linear (the Curtice-Firth "
            "ridge regression, exact whole-seat results).",
        ),
        feature_set: str = typer.Option(
            "tactical",
            "--features",
            help="The linear estimator's features: tactical, plain or regional.",
        ),
        coverage: bool = typer.Option(
            False,
            "--coverage",
            help="Also check every draw's 90% seat intervals: the share of draws whose real "
            "seats lie inside (column in_90_interval; slower, the estimator is refitted 40 "
            f"times a draw; samples of at least {MIN_INTERVAL_SEATS} seats).",
        ),
        chart: Path | None = typer.Option(
            None,
            "--chart",
            help="Write each party's seat errors over the draws (boxes, the mean error and the "
            "real exit poll's) to this .png, .svg or .pdf file.",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Back-test: K random seats' results as the exit poll, scored against the winning
        candidates, beside the broadcasters' own exit poll.

        The mean, median and 90th-percentile error (and the real exit poll's) follow the table,
        sit beside the rows in JSON, and are repeated on every row in CSV."""
        check_estimator(estimator)
        require(EXIT_POLL, election)
        too_many = sample_seats(load(election)).check(k)  # the election's own main area
        if too_many is not None:
            raise typer.BadParameter(too_many, param_hint="'--k'")
        if chart is not None:
            check_chart_path(chart)  # before the draws
        settings = estimator_settings(election, estimator, feature_set)
        scales = (settings.interval_scale,) if coverage else ()
        with counting_progress("emulating", "samples", output) as bar:
            task = bar.add_task("draws", total=draws)
            result = emulate(
                election,
                k,
                n_draws=draws,
                seed=seed,
                settings=settings,
                progress=lambda n: bar.advance(task, n),
                interval_scales=scales,
            )
        if chart is not None:
            exit_poll_error_chart(result, chart)
        broadcast = REAL_EXIT_POLL.get(election, {})
        rows: list[dict[str, Any]] = [
            {
                "party": party,
                "party_label": party_label(party, election),  # "Reform UK" in 2024, as the chart
                "mean_expected": result.mean_expected[party],
                "actual": result.actual[party],
                "bias": round(result.mean_expected[party] - result.actual[party], 1),
                "real_exit_poll": broadcast.get(party),
            }
            for party in result.scored_parties
        ]
        if coverage:
            inside = result.coverage(settings.interval_scale)
            rows = [{**row, "in_90_interval": round(inside[row["party"]], 3)} for row in rows]
        real = REAL_EXIT_POLL_ERROR.get(election)
        headline = [result.sentence()]
        extra = {
            "election": election,
            "sample_size": k,
            "n_draws": draws,
            "seed": seed,
            **estimator_fields(estimator, settings),
            "mean_error": round(result.mean_error, 3),
            "median_error": round(result.median_error, 3),
            "p90_error": round(result.p90_error, 3),
            "real_exit_poll_error": real,
            "headline": headline,
        }
        if output is OutputFormat.csv:  # CSV has rows only: the summary on every row
            summary = ("mean_error", "median_error", "p90_error", "real_exit_poll_error")
            rows = [{**row, **{key: extra[key] for key in summary}} for row in rows]
        render(rows, output, title=f"Exit-poll emulation, {election}, K = {k}", extra=extra)
        if output is OutputFormat.table:
            for line in headline:
                console.print(line)
            if chart is not None:
                chart_written(chart, output)

    app.add_typer(exitpoll_app, name="exitpoll")
