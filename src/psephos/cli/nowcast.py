"""``psephos nowcast``: results-night projection, replayed or fed live."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import typer

from psephos.cli._inputs import UNKNOWN_PARTIES_HELP, UnknownParties
from psephos.cli._output import OutputFormat, chart_written, console, print_note, progress, render
from psephos.cli._projection_inputs import CANDIDATES_FROM_OPTION, CANDIDATES_OPTION, read_standing
from psephos.errors import PsephosError
from psephos.forecast.charts import check_chart_path, convergence_chart
from psephos.forecast.intervals import INTERVAL_LEVEL
from psephos.forecast.nowcast import (
    CHECKPOINTS,
    Nowcast,
    NowcastProjection,
    ReplayStep,
    assumed_order_note,
    chosen_settings,
    model_features,
    n_timed_declarations,
    replay,
    replay_lines,
    stored_base,
)
from psephos.io.declarations import (
    FedDeclaration,
    declared_again_note,
    lone_party,
    read_feed,
    voted_parties,
    with_seat_code,
)
from psephos.io.export import csv_text
from psephos.io.rows import read_lines, read_seat, read_text
from psephos.jurisdictions import (
    UK,
    for_election_id,
    foreign_party,
    load,
    not_standing_note,
    of,
)
from psephos.model import party_label
from psephos.numbers import first_listed, format_number
from psephos.results.night import call, too_early

nowcast_app = typer.Typer(
    help="Results-night nowcast: replay a past night or feed declarations as they arrive.",
    no_args_is_help=True,
)


def replay_row(
    step: ReplayStep, *, block_apart: bool = True, night_id: str | None = None
) -> dict[str, Any]:
    """One table row of a replay: errors beside the baseline (UK and GB where the country
    models a block apart, Northern Ireland; else the country's alone), and the top four, each
    named by its label in the replayed night ``night_id`` (:func:`psephos.model.party_label`)."""
    top = sorted(step.projected.items(), key=lambda kv: -kv[1])[:4]
    apart = (
        {
            "error_nowcast_gb": round(step.error_nowcast_gb, 1),
            "error_baseline_gb": round(step.error_baseline_gb, 1),
        }
        if block_apart
        else {}
    )
    return {
        "declared": step.n_declared,
        "error_nowcast": round(step.error_nowcast, 1),
        "error_baseline": round(step.error_baseline, 1),
        **apart,
        # checked only where the replay measured the intervals (CHECKPOINTS): null elsewhere
        "in_90_interval": f"{step.coverage[0]}/{step.coverage[1]}" if step.coverage else None,
        # each party as the replayed night's tables name it ("Brexit Party" in 2019)
        "projection": ", ".join(
            f"{party_label(p, night_id)} {format_number(v, '.0f')}" for p, v in top
        ),
    }


def verdict(nowcast: Nowcast, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """What the projection ``rows`` (with their intervals) allow to be said, in the words of
    the web results-night page (:func:`psephos.results.night.call`): too early to say, a
    majority or a hung parliament projected (the result, once every seat has declared), or too
    close to call."""
    return call(
        [{"code": row["party"], "low": row["low"], "high": row["high"]} for row in rows],
        nowcast.base,
        nowcast.declared_codes,
    )


def withheld(projection: NowcastProjection, night_id: str | None = None) -> list[dict[str, Any]]:
    """The rows shown before :data:`psephos.results.night.TOO_EARLY_SEATS` seats of the
    modelled block have declared (:func:`psephos.results.night.too_early`): every party of the
    base with its declared seats, most first (then in the base's order), its ``projected``,
    ``low`` and ``high`` left blank (``null`` in JSON), as the results-night page shows no
    projection then (one declaration of one vote does not "project" Lab 580); the rows of
    :meth:`NowcastProjection.rows` otherwise."""
    order = sorted(projection.parties, key=lambda party: -projection.declared_seats[party])
    return [
        {
            "party": party,
            "party_label": party_label(party, night_id),
            "declared": projection.declared_seats[party],
            **dict.fromkeys(("projected", "low", "high")),
        }
        for party in order
    ]


def _render_and_close(nowcast: Nowcast, base: str, output: OutputFormat) -> None:
    """Print the nowcast's projection with each party's 90% interval (low, high:
    :meth:`Nowcast.seat_intervals`) and what it allows to be said (:func:`verdict`, the web
    page's words), and close its store."""
    projection = nowcast.projection()
    rows = projection.rows(intervals=nowcast.seat_intervals(INTERVAL_LEVEL))
    said = verdict(nowcast, rows)
    if said["status"] == "too-early":
        rows = withheld(projection)
    render(
        rows,
        output,
        title=f"Projection after {projection.n_declared} declarations",
        extra={
            "base": base,
            "n_declared": projection.n_declared,
            "interval": INTERVAL_LEVEL,
            "call": said,
        },
    )
    if output is OutputFormat.table:
        console.print(said["message"])  # the legend under the table says what low, high are
    nowcast.close()


def _render_declared(nowcast: Nowcast, output: OutputFormat) -> None:
    """Print the store's declared seats, one row per seat in the order they first declared,
    in the words of the web results night's table (:func:`psephos.results.night.outcomes`,
    :func:`~psephos.results.night.declared_table`); turnout against the electorate the
    declaration gave, else the base's, as the web computes it."""
    from psephos.results.night import (
        DECLARED_COLUMNS,
        SeatDeclaration,
        declaration_from_rows,
        declared_election,
        declared_table,
        outcomes,
    )

    electorates = nowcast.store.electorates()
    seats = [
        declaration_from_rows(
            code, None, {p: int(v) for p, v in votes.items()}, electorate=electorates.get(code)
        )
        if isinstance(votes, Mapping)
        else SeatDeclaration(code, tuple(votes), electorate=electorates.get(code))
        for code, votes in nowcast.store.declarations()
    ]
    rows: list[dict[str, Any]] = []
    if seats:
        so_far, positions = declared_election(nowcast.base, seats, "night", "Declared so far")
        order = {seat.code: number for number, seat in enumerate(seats)}
        rows_of = outcomes(nowcast.base, so_far, positions, electorates)
        in_order = sorted(rows_of, key=lambda r: order[r["code"]])
        rows = declared_table(in_order)
    if not rows and output is OutputFormat.csv:
        print(csv_text([], DECLARED_COLUMNS), end="")
        return
    render(
        rows,
        output,
        title=f"{len(rows)} declared seats",
        extra={"base": nowcast.base.id, "n_declared": len(rows)},
    )


def register(app: typer.Typer) -> None:
    """Add the nowcast command group."""

    @nowcast_app.command("replay")
    def replay_command(
        election: str = typer.Argument(
            ...,
            help="A bundled election after another on the same boundaries: 2015, 2017, 2019 "
            "or 2024 (bundled declaration times), or canada-2021 (an assumed order).",
        ),
        every: int = typer.Option(
            100, "--every", min=1, help="Also show a row every N declarations."
        ),
        seed: int = typer.Option(
            0,
            "--seed",
            help="Seed of an assumed order's random order within each group of regions "
            "(canada-2021); a night with bundled declaration times ignores it.",
        ),
        chart: Path | None = typer.Option(
            None, "--chart", help="Write the convergence curve to this .png, .svg or .html file."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Replay a past results night and show how the projection converged.

        Seats are declared in the bundled order (2024: the 214 timed seats first). Each row
        gives the nowcast's total seat error against the final result (the winning candidates),
        UK and Great Britain, beside plain regional mean swing of the declared seats.

        Canada bundles no declaration times: canada-2021 (base canada-2019) is replayed in an
        ASSUMED order, ridings reporting as the polls close, east to west (Newfoundland and
        Labrador; the Maritimes; Quebec and Ontario; the Prairies; British Columbia and the
        territories), in a random order (--seed) within each group; its regions are the
        provinces, and its settings the live ones chosen on the UK's nights.
        """
        country, key = for_election_id(election)
        if chart is not None:
            check_chart_path(chart)
        with progress(output) as bar:
            bar.add_task(f"replaying {key}", total=None)
            # the curve is scored every 5 declarations (or finer when asked)
            steps = replay(key, every=min(every, 5), intervals_at=CHECKPOINTS, seed=seed)
        shown = [
            s
            for s in steps
            if s.n_declared in CHECKPOINTS or s.n_declared % every == 0 or s is steps[-1]
        ]
        block_apart = bool(country.nations_apart)  # the UK's Northern Ireland; none in Canada
        rows = [replay_row(step, block_apart=block_apart, night_id=key) for step in shown]
        settings = chosen_settings(key)
        features, left_out = model_features(country.load(key), settings)
        apart = (
            {
                "northern_ireland_sd": round(settings.outside_sd, 4),
                "northern_ireland_prior_seats": round(settings.outside_prior_seats, 2),
            }
            if block_apart
            else {}
        )
        extra: dict[str, Any] = {
            "election": key,
            "settings": {
                "region_strength": settings.region_strength,
                "slope_strength": settings.slope_strength,
                "features": list(features),
                **({"features_without_data": list(left_out)} if left_out else {}),
                **apart,
                "interval_scale": settings.interval_scale,
                "baseline_weight": settings.baseline_weight,
            },
            "timed_declarations": n_timed_declarations(key),
        }
        assumed = assumed_order_note(key, seed=seed)
        if assumed is not None:
            extra["declaration_order"] = assumed
            extra["settings"]["chosen_on"] = "the UK's nights (live settings)"
        extra["headline"] = replay_lines(assumed, intervals_at=CHECKPOINTS)
        render(rows, output, title=f"Nowcast replay {key}", extra=extra)
        if output is OutputFormat.table:
            for line in extra["headline"]:
                console.print(line)
        if chart is not None:
            convergence_chart(
                {
                    key: (
                        [s.n_declared for s in steps],
                        [s.error_nowcast for s in steps],
                        [s.error_baseline for s in steps],
                    )
                },
                chart,
            )
            if output is OutputFormat.table:
                chart_written(chart, output)

    @nowcast_app.command("feed")
    def feed_command(
        source: str = typer.Argument(
            "-", help="File of declarations (JSON lines or long CSV), or - for standard input."
        ),
        base: str | None = typer.Option(
            None,
            "--from",
            "--base",
            help="Base election on the same boundaries (default: the one the store was fed "
            f"with, else the latest result, {UK.latest_id}).",
        ),
        store: Path = typer.Option(
            Path("nowcast.sqlite"), "--store", help="SQLite file keeping the declarations."
        ),
        candidates: str | None = CANDIDATES_OPTION,
        candidates_from: str | None = CANDIDATES_FROM_OPTION,
        unknown_parties: UnknownParties = typer.Option(
            UnknownParties.error, "--unknown-parties", help=UNKNOWN_PARTIES_HELP
        ),
        quiet: bool = typer.Option(
            False, "--quiet", help="Only show the projection after the last declaration."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Feed declarations from a file or standard input into a persistent nowcast.

        Input, one declared seat at a time, in either of two formats (told apart by the first
        line): JSON lines such as {"seat": "E14000530", "votes": {"Con": 20123, "Lab": 18001}}
        (or "candidates": [{"name": ..., "party": ..., "votes": ...}]), or a long CSV with the
        header seat_code,party,votes[,candidate][,electorate], one seat's rows together (rows
        of a seat split by other seats' rows are refused; a seat given again later with its
        parties is a correction, with a note). A seat is its ONS code or its name. A file is
        checked whole before anything is stored; standard input is read and stored as it
        arrives (an error then names the seats already stored, after the projection from
        them). Errors name the rows. A declaration with a single party gets a note. A tie for
        first place names who won the lot ("won_by_lot": a key, or a column), as the web
        declaration API does; a tie without it is refused.

        Prints the updated projection after each declaration, a line each (with -f csv or
        json, on standard error as each seat arrives from standard input, standard output
        keeping the one CSV or JSON of the projection once the input ends). The same result
        twice changes nothing; a new result for a declared seat replaces it (a correction).
        """
        if base is None:
            base = stored_base(store) if store.is_file() else UK.latest_id
        base_election = load(base)
        # who stands (default: the next election's bundled nominations, else the base's field)
        standing = read_standing(base_election, candidates, candidates_from)
        nowcast = Nowcast(base_election, standing=standing, store=store)
        # read as every file is (UTF-8, else Windows-1252 with a note; not text refused):
        # a file whole, standard input line by line as it arrives
        lines: Iterable[str] = (
            read_lines(sys.stdin.buffer, label="Standard input")
            if source == "-"
            else io.StringIO(read_text(source, what="Declarations file"))
        )
        declarations: Iterable[FedDeclaration] = (
            with_seat_code(declaration, base_election)  # a seat's name read as its code
            for declaration in read_feed(
                lines,
                unknown_parties=unknown_parties.value,
                parties=base_election.parties,
                foreign=foreign_party,  # another country's party: both countries named
                election_id=base_election.id,  # UKIP is Other on a night after 2017
            )  # a party's label read among the base's parties ("Green": a Canadian night's GPC)
        )
        if source != "-":  # a file is checked whole before anything is stored
            declarations = _checked(nowcast, declarations)
        live = source == "-"  # standard input: stored, and said, as it arrives
        n_read = _feed(
            nowcast,
            declarations,
            quiet=quiet or (output is not OutputFormat.table and not live),
            lines_to_stderr=output is not OutputFormat.table,
            # a bad line after some were stored: the projection of what was, then the error
            on_stopped=(lambda: _render_and_close(nowcast, base_election.id, output))
            if live
            else None,
        )
        if not n_read:
            print_note(f"nothing was read from {_input_name(source)}.")
        if source != "-" and Path(source).is_file() and not _ends_with_line_end(Path(source)):
            print_note(
                f"the last line of {_input_name(source)} has no line end; if the file was still "
                "being written, feed it again when it is complete (a seat fed again is a "
                "correction)."
            )
        _render_and_close(nowcast, base_election.id, output)

    @nowcast_app.command("show")
    def show_command(
        base: str | None = typer.Option(
            None,
            "--from",
            "--base",
            help="Base election (default: the one the store was fed with).",
        ),
        store: Path = typer.Option(
            Path("nowcast.sqlite"), "--store", help="SQLite file keeping the declarations."
        ),
        candidates: str | None = CANDIDATES_OPTION,
        candidates_from: str | None = CANDIDATES_FROM_OPTION,
        declared: bool = typer.Option(
            False,
            "--declared",
            help="List the declared seats instead, one row per seat in the order they "
            "declared: winner, result (Lab gain from Con), majority and turnout, in the web "
            "results night's words (with --format csv, the file its CSV download gives).",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Show the projection from the declarations kept in a store (--declared: the
        declared seats' results)."""
        base_election = load(base if base is not None else stored_base(store))
        standing = read_standing(base_election, candidates, candidates_from)
        nowcast = Nowcast(base_election, standing=standing, store=store)
        if declared:
            _render_declared(nowcast, output)
            nowcast.close()
            return
        _render_and_close(nowcast, base_election.id, output)

    @nowcast_app.command("withdraw")
    def withdraw_command(
        seat: str = typer.Argument(..., help="The seat to withdraw: its ONS code or its name."),
        store: Path = typer.Option(
            Path("nowcast.sqlite"), "--store", help="SQLite file keeping the declarations."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Withdraw a seat's declaration (one fed under the wrong seat), then show the
        projection without it. The seat counts as declared again when it is fed again."""
        if not store.is_file():
            raise PsephosError(
                f"No nowcast store {str(store)!r}: give the --store that was fed the declarations."
            )
        base_election = load(stored_base(store))
        nowcast = Nowcast(base_election, store=store)
        position, note = read_seat(base_election, seat)
        if note:
            print_note(note)
        code = base_election.codes[position]
        named = base_election.constituencies[position].named
        if not nowcast.withdraw(code):
            nowcast.close()
            raise PsephosError(
                f"{named} has not declared in {str(store)!r}: there is nothing to "
                "withdraw; see the declared seats with psephos nowcast show --declared."
            )
        print_note(f"the declaration for {named} was withdrawn.")
        _render_and_close(nowcast, base_election.id, output)

    app.add_typer(nowcast_app, name="nowcast")


def _input_name(source: str) -> str:
    """How messages name the feed: ``standard input`` or the file."""
    return "standard input" if source == "-" else repr(source)


def _ends_with_line_end(path: Path) -> bool:
    """False when the file's last line has no line end (it may still be being written)."""
    with path.open("rb") as file:
        if file.seek(0, 2) == 0:
            return True
        file.seek(-1, 2)
        return file.read(1) in (b"\n", b"\r")


def _checked(nowcast: Nowcast, declarations: Iterable[FedDeclaration]) -> list[FedDeclaration]:
    """Every declaration of a file, each checked as :meth:`Nowcast.declare` checks it, before
    any is stored.

    Raises:
        PsephosError: the first bad declaration, naming its rows.
    """
    checked = list(declarations)
    for declaration in checked:
        try:
            nowcast.check(declaration.seat, declaration.counts, electorate=declaration.electorate)
        except PsephosError as error:
            raise _at(error, declaration) from None
    return checked


def _at(error: PsephosError, declaration: FedDeclaration) -> PsephosError:
    """``error`` naming where in the feed the declaration was."""
    where = declaration.where
    return type(error)(f"{where}: {error}" if where and where not in str(error) else str(error))


def _feed(
    nowcast: Nowcast,
    declarations: Iterable[FedDeclaration],
    *,
    quiet: bool,
    lines_to_stderr: bool = False,
    on_stopped: Callable[[], None] | None = None,
) -> int:
    """Declare each seat in turn (a line per declaration unless ``quiet``, on standard error
    with ``lines_to_stderr``, where standard output keeps a CSV or JSON); returns how many
    declarations were read. ``on_stopped`` is called before a bad declaration's error where
    some of this input were stored (standard input: the projection from them is printed).

    Raises:
        PsephosError: a bad row or declaration, saying which seats of this input were stored
            before it (standard input is stored as it arrives).
    """
    n_read = 0
    stored: list[str] = []
    try:
        for declaration in declarations:
            n_read += 1
            seat, votes = declaration.seat, declaration.counts
            try:
                status = nowcast.declare(seat, votes, electorate=declaration.electorate)
            except PsephosError as error:
                raise _at(error, declaration) from None
            if status != "unchanged":
                stored.append(seat)
            position = nowcast.base.seat_index(seat)
            constituency = nowcast.base.constituencies[position]
            name, named = constituency.name, constituency.named
            if declaration.note:
                print_note(declaration.note)
            elsewhere = not_standing_note(
                nowcast.base, position, voted_parties(votes), declaration.where
            )
            if elsewhere:  # the SNP in England: a row pasted into the wrong seat?
                print_note(elsewhere)
            if status == "corrected":
                print_note(declared_again_note(named, declaration.where))
            party = lone_party(votes)  # noted once declared: a refused one gets its error only
            if party is not None:
                _lone_party_note(named, party, of(nowcast.base).as_adjective)
            if not quiet:
                rows = nowcast.projection().rows()[:5]
                top = (  # the verdict's words: no projection before then (withheld)
                    "too early to say"
                    if too_early(nowcast.base, nowcast.declared_codes)
                    else ", ".join(
                        f"{r['party_label']} {format_number(r['projected'], '.0f')}" for r in rows
                    )
                )
                line = f"{nowcast.n_declared:>3} {name} ({status}): {top}"
                if lines_to_stderr:
                    print(line, file=sys.stderr, flush=True)
                else:
                    console.print(line)
    except PsephosError as error:
        if not stored:
            raise
        if on_stopped is not None:
            on_stopped()
        raise _stored_before(error, stored) from None
    return n_read


def _stored_before(error: PsephosError, seats: list[str]) -> PsephosError:
    """``error`` saying which declarations of the input were stored before it, and how to
    put them right."""
    distinct = list(dict.fromkeys(seats))
    shown = first_listed(distinct, 10)
    stored = (
        "1 declaration from this input was"
        if len(distinct) == 1
        else f"{len(distinct)} declarations from this input were"
    )
    return type(error)(
        f"{str(error).rstrip()} {stored} already stored ({shown}); where one is incomplete, "
        "feed that seat again with all its parties (a seat fed again is a correction)."
    )


def _lone_party_note(seat: str, party: str, country: str) -> None:
    """A ``note:`` line on stderr for a declaration with fewer than two candidates
    (``country``: the base's, as an adjective)."""
    who = f"only {party}'s votes" if party else "no votes"
    print_note(
        f"the declaration for {seat} has {who}; {country} seats have several candidates, so "
        "check that the rest of its count is not missing or apart."
    )
