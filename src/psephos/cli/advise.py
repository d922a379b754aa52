"""``psephos advise``, ``tactical``, ``tactical-audit`` and ``swap``: tactical voting."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.panel import Panel

from psephos.cli._inputs import (
    BY_REGION_OPTION,
    RESULTS_UNKNOWN_PARTIES_OPTION,
    ResultsUnknownParties,
    argument_or_option,
    looks_like_file,
    open_election,
    poll_for,
    poll_option,
    read_by_region,
)
from psephos.cli._output import (
    POLL_HELP,
    WORDS,
    OutputFormat,
    console,
    in_words,
    print_note,
    render,
    share_notes,
    working,
)
from psephos.errors import (
    DataFormatError,
    InputWarning,
    PsephosError,
    collected_notes,
    did_you_mean,
)
from psephos.io.swap_offers import read_checked_swap_offers
from psephos.jurisdictions import JURISDICTIONS
from psephos.numbers import format_number
from psephos.projection import DEFAULT_MODEL
from psephos.tactical.api import (
    AdviceElection,
    advise_seat,
    bloc_advice,
    seats_to_advise,
    uncertainty_for,
)
from psephos.tactical.audit import audit
from psephos.tactical.report import audit_markdown
from psephos.tactical.swaps import (
    PARTNER_NEEDED,
    match_swaps,
    outlooks_dict,
    pairs_csv,
    swap_outlooks,
)

if TYPE_CHECKING:
    from psephos.jurisdictions.postcodes import PostcodeSeats

SIMS_HELP = "Simulations of the seat shares (2 or more: their spread is estimated)."
ELECTION_HELP = (
    "'next' (from the 2024 result, long-range errors), or 2017/2019/2024 for the advice "
    "possible before that election (previous result, nominations, final polls), or another "
    "bundled election id used as the expected result (e.g. 2015, canada-2021), or the path "
    "of your own results CSV in the long format (seat_code, seat_name, party, votes), its "
    "result used as the expected one, with its country's rules."
)


def _advice_on(election: str, unknown_parties: ResultsUnknownParties) -> AdviceElection:
    """The election advice is asked on: an id as typed, or a results file read as every
    command reads one (:func:`~psephos.cli._inputs.open_election`), whose result is the
    expected one (:mod:`psephos.tactical.api`)."""
    if looks_like_file(election):
        return open_election(election, unknown_parties=unknown_parties.value)
    return election


ERRORS_HELP = (
    "Error model: 'normal' (three-layer Normal) or a forecast error model such as 'student-t'."
)
METHOD_HELP = (
    "Pre-election projection (2017/2019/2024 only): a projection model applied to the final "
    f"polls (default {DEFAULT_MODEL}; uniform, proportional, transition, ...), 'mrp' (the MRP "
    "average the sites used, 2024 only: its default) or 'base' (the previous result)."
)

#: ``advise``'s and ``tactical``'s ``--poll`` help and ``--model``: one declaration for both.
ADVICE_POLL_HELP = (
    "Project the result ('next' or --election) to this poll first; the odds then use "
    "the pre-election error model (the errors of a final-weeks poll), much narrower "
    "than the long-range one used without a poll. " + POLL_HELP
)
#: ``advise``'s ``--poll``: no ``-p``, which is ``advise``'s ``--prefer``.
ADVICE_POLL_OPTION: Any = poll_option(ADVICE_POLL_HELP)
#: ``tactical``'s ``--poll``, ``-p`` for short as in every command whose ``-p`` is free.
TACTICAL_POLL_OPTION: Any = poll_option(ADVICE_POLL_HELP, "-p")
ADVICE_MODEL_OPTION: Any = typer.Option(
    DEFAULT_MODEL, "--model", "-m", help="Swing model for --poll."
)


def _advice_poll(poll: str | None, election: AdviceElection) -> str | None:
    """``--poll`` as advice projects it (:func:`~psephos.cli._inputs.poll_for`): read against
    the election the advice is asked on (:func:`psephos.tactical.api.advice_base`; a results
    file's own), a poll table averaged, so a bad poll is refused before any simulation."""
    if poll is None:
        return None
    from psephos.jurisdictions import load
    from psephos.tactical.api import advice_base, own_election

    base = own_election(election) or load(advice_base(election))
    return poll_for(poll, base)


STATUSES = ("target", "not needed", "long shot")


def _status(text: str) -> str:
    """A ``--status`` value, spelled loosely ("long-shot"), checked against the statuses."""
    key = " ".join(text.strip().lower().replace("-", " ").replace("_", " ").split())
    if key not in STATUSES:
        raise DataFormatError(
            f"Unknown --status {text!r}; choose one of: {', '.join(STATUSES)}."
            + did_you_mean(text, STATUSES)
        )
    return key


def register(app: typer.Typer) -> None:
    """Add the tactical-voting commands."""

    @app.command("advise")
    def advise_command(
        seat: str | None = typer.Argument(
            None,
            help="Seat name or code (an ONS code, a riding number), as --seat gives it, or "
            "--postcode.",
            show_default=False,
        ),
        seat_option: str | None = typer.Option(
            None,
            "--seat",
            "-s",
            help="The seat, as the argument gives it: 'psephos advise --seat Bath' is "
            "'psephos advise Bath' (as 'psephos results --seat' takes it).",
        ),
        prefer: str = typer.Option(
            ..., "--prefer", "-p", help="Your parties in order of preference, e.g. Green,Lab,LD."
        ),
        against: str | None = typer.Option(
            None, "--against", "-a", help="Parties you most want to see lose, e.g. Con."
        ),
        never: str | None = typer.Option(
            None,
            "--never",
            help=(
                "Parties you will never vote for (only --prefer parties are advised; a party "
                "may not be in both)."
            ),
        ),
        election: str = typer.Option("next", "--election", "-e", help=ELECTION_HELP),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        method: str | None = typer.Option(None, "--method", help=METHOD_HELP),
        majority: str = typer.Option(
            "working",
            "--majority",
            help="'working' (the Speaker and abstentionists do not vote) or 'nominal' (half the "
            "seats plus one: 326 of 650, 170 of 338).",
        ),
        sims: int = typer.Option(2000, "--sims", min=2, help=SIMS_HELP),
        seed: int = typer.Option(2024, "--seed", help="Random seed (same seed, same answer)."),
        errors: str = typer.Option("normal", "--errors", help=ERRORS_HELP),
        postcode: str | None = typer.Option(
            None, "--postcode", help="Your postcode, sector or district instead of a seat."
        ),
        poll: str | None = ADVICE_POLL_OPTION,
        by_region: Path | None = BY_REGION_OPTION,
        model: str = ADVICE_MODEL_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Which vote best serves your preferences in one seat, and why."""
        on = _advice_on(election, unknown_parties)
        seat = argument_or_option(seat, seat_option, name="--seat", what="the seat")
        if not seat and not postcode:
            raise PsephosError("Give a seat (name or code) or --postcode.")
        seats, found = seats_to_advise(on, seat=seat, postcode=postcode)
        # where the postcode is; not when the seat was given with it (the postcode confirms it)
        if found is not None and output is OutputFormat.table and not seat:
            console.print(found.message)
            if len(seats) > 1:
                console.print(_each_seat_hint(found, postcode or ""), highlight=False)
        poll = _advice_poll(poll, on)
        areas = read_by_region(by_region)
        payloads = []
        with share_notes() as notes, working("Simulating the seat's shares...", output):
            for one in seats:
                payloads.append(
                    advise_seat(
                        one,
                        prefer,
                        against,
                        never,
                        election=on,
                        method=method,
                        majority=majority,
                        n_sims=sims,
                        seed=seed,
                        errors=errors,
                        poll=poll,
                        model=model if poll or areas else None,
                        areas=areas,
                    )
                )
        rows = [payload.pop("options") for payload in payloads]
        if output is OutputFormat.csv:
            # each row says its seat and whether it is the vote advised, so that files of
            # several seats (a straddling postcode's, a loop's) stay apart
            render(
                [
                    {
                        "code": payload["code"],
                        "name": payload["name"],
                        **row,
                        "recommended": row["party"] == payload["recommendation"],
                    }
                    for payload, seat_rows in zip(payloads, rows, strict=True)
                    for row in seat_rows
                ],
                output,
            )
            return
        if output is OutputFormat.json:
            # where a postcode is, as the table says it and the web's twin gives it; the other
            # seats of a postcode split between seats after the first's advice
            located = {} if found is None else {"postcode": found.to_dict()}
            others = [
                {**payload, "rows": seat_rows}
                for payload, seat_rows in zip(payloads[1:], rows[1:], strict=True)
            ]
            extra = {**payloads[0], "notes": notes, **located}
            render(rows[0], output, extra={**extra, **({"other_seats": others} if others else {})})
            return
        for payload, seat_rows in zip(payloads, rows, strict=True):
            _advice_table(payload, seat_rows, output)

    @app.command("tactical")
    def tactical_command(
        against: str = typer.Option(..., "--against", "-a", help="Parties to defeat, e.g. Con."),
        bloc: str | None = typer.Option(
            None, "--bloc", help="Parties whose voters cooperate (default: all others)."
        ),
        election: str = typer.Option("next", "--election", "-e", help=ELECTION_HELP),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        method: str | None = typer.Option(None, "--method", help=METHOD_HELP),
        status: str | None = typer.Option(
            None,
            "--status",
            help="Only seats with this status: target, 'not needed', 'long shot' (default: every "
            "seat).",
        ),
        build: str | None = typer.Option(
            None,
            "--build",
            help="Where the bloc cannot win, back this bloc party (grow it for next time; default: "
            "none, the bloc's best-placed party everywhere).",
        ),
        sims: int = typer.Option(2000, "--sims", min=2, help=SIMS_HELP),
        seed: int = typer.Option(2024, "--seed", help="Random seed (same seed, same answer)."),
        poll: str | None = TACTICAL_POLL_OPTION,
        by_region: Path | None = BY_REGION_OPTION,
        model: str = ADVICE_MODEL_OPTION,
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Seat-by-seat tactical recommendation for a bloc goal ('defeat X'), with confidence."""
        on = _advice_on(election, unknown_parties)
        if status is not None:
            status = _status(status)
        poll = _advice_poll(poll, on)
        areas = read_by_region(by_region)
        with share_notes(), working("Simulating every seat's shares...", output):
            result = bloc_advice(
                against,
                bloc,
                election=on,
                method=method,
                n_sims=sims,
                seed=seed,
                build=build,
                poll=poll,
                model=model if poll or areas else None,
                areas=areas,
            )
            if poll is not None or areas:  # as advise gives it: the projection picked on
                used = uncertainty_for(
                    on, n_sims=sims, seed=seed, poll=poll, model=model, areas=areas
                )
                result["projection"] = used.projection.summary()
        rows = result.pop("rows")
        if status is not None:
            rows = [row for row in rows if row["status"] == status]
        render(
            rows,
            output,
            title=f"Tactical picks against {result['against_label']} ({result['source']})",
            formats={  # each chance as the web's tactical page writes it (one_in)
                "p_best_placed": WORDS,
                "p_pick_wins": WORDS,
                "p_bloc_wins": WORDS,
                "p_against_wins": WORDS,
                "pick_share": ".1%",
            },
            extra=result,
        )

    @app.command("tactical-audit")
    def audit_command(
        election: str = typer.Option("2019", "--election", "-e", help="2019 or 2024."),
        method: str | None = typer.Option(
            None,
            "--method",
            help="Pre-election projection (default: the engine's model, national, for 2019; "
            "the MRP average the sites used for 2024).",
        ),
        markdown: bool = typer.Option(
            False, "--markdown", help="Print the full Markdown report (2019 and 2024)."
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Compare psephos's advice with the real tactical-voting sites of 2019 or 2024."""
        if markdown:
            with working(
                "Auditing 2019 and 2024 under every projection model (a minute or two)...", output
            ):
                text = audit_markdown()
            print(text)
            return
        with working(f"Auditing {election} against the tactical-voting sites...", output):
            report = audit(election, method=method)
        render(
            list(report.site_rows),
            output,
            title=report.title(),
            formats={"agreement": ".1%", "pick_won": ".1%", "pick_best_placed": ".1%"},
            extra={k: v for k, v in report.to_dict().items() if k != "sites"},
        )

    @app.command("swap")
    def swap_command(
        offers: Path | None = typer.Argument(
            None,
            help="CSV of swap offers with columns seat, preferred, willing (one voter a row), "
            "optionally id, name and email. Leave it out with --seat and --prefer for one "
            "voter's own swap.",
        ),
        seat: str | None = typer.Option(
            None,
            "--seat",
            "-s",
            help="One voter's seat (name, ONS code or postcode), with --prefer: says whether a "
            "swap would help there and which seats a partner should come from.",
        ),
        prefer: str | None = typer.Option(
            None, "--prefer", help="With --seat: the party the voter would like to vote for."
        ),
        willing: str | None = typer.Option(
            None,
            "--willing",
            help="With --seat: the party the voter would vote for in exchange (default: each of "
            "the seat's two front-runners that is not --prefer, one after the other).",
        ),
        election: str = typer.Option("next", "--election", "-e", help=ELECTION_HELP),
        unknown_parties: ResultsUnknownParties = RESULTS_UNKNOWN_PARTIES_OPTION,
        method: str = typer.Option(
            "auto",
            "--method",
            help="auto (flow when OR-Tools is installed, else lp), flow or min-cost-flow (exact "
            "min-cost flow; needs psephos[ortools]), lp (exact, HiGHS) or greedy.",
        ),
        sims: int = typer.Option(2000, "--sims", min=2, help=SIMS_HELP),
        seed: int = typer.Option(2024, "--seed", help="Random seed (same seed, same answer)."),
        pairs_file: Path | None = typer.Option(
            None,
            "--pairs",
            help="Write who swaps with whom to this CSV file: a row per offer with its row of "
            "the offers file (and id), and the row (and id) of the offer it swaps with, or why "
            "it is unmatched.",
        ),
        include_personal: bool = typer.Option(
            False,
            "--include-personal",
            help="Put the offers' name and email columns beside each offer and its partner in "
            "--pairs and the JSON's pairs (personal data: left out unless asked for).",
        ),
        output: OutputFormat = typer.Option(
            OutputFormat.table, "--format", "-f", help="Output format."
        ),
    ) -> None:
        """Match vote-swap offers across seats so that both sides' parties gain.

        With --seat and --prefer instead of a file: whether a swap would help one voter, and
        where a partner should come from."""
        on = _advice_on(election, unknown_parties)
        if offers is None or seat is not None:
            if offers is not None or seat is None or prefer is None:
                raise PsephosError(
                    "Give a file of swap offers, or one voter's --seat and --prefer "
                    "(and --willing if you like), not both."
                    if offers is not None
                    else "Give a file of swap offers, or one voter's --seat and --prefer."
                )
            _one_voter_swap(
                uncertainty_for(on, n_sims=sims, seed=seed), seat, prefer, willing, output
            )
            return
        if prefer is not None or willing is not None:
            raise PsephosError("--prefer and --willing go with --seat, for one voter's swap.")
        with collected_notes(InputWarning) as file_notes:  # ignored columns, copied rows
            frame, faults = read_checked_swap_offers(offers, keep_personal=include_personal)
        uncertainty = uncertainty_for(on, n_sims=sims, seed=seed)
        match = match_swaps(uncertainty, frame, method=method, faults=faults)
        notes = [*file_notes, *match.types.notes]  # as printed: the note: lines on stderr
        for note in notes:
            print_note(note)
        rows, unmatched = match.rows(uncertainty), match.unmatched(uncertainty)
        pairs = match.offer_pairs(uncertainty, frame, include_personal=include_personal)
        if pairs_file is not None:
            from psephos.io.export import csv_file_text

            pairs_file.write_text(csv_file_text(pairs_csv(pairs)), encoding="utf-8", newline="")
        if output is OutputFormat.table:  # keep the terminal tables narrow
            rows = [_without(row, "a_code", "b_code", "why") for row in rows]
        render(
            rows,
            output,
            title=match.title(),
            extra={
                **match.summary(uncertainty),
                "unmatched": unmatched,
                "pairs": pairs,
                "notes": notes,
            },
        )
        if output is OutputFormat.table and unmatched:
            left_over = sum(row["offers"] for row in unmatched)
            render(
                [_without(row, "seat_code") for row in unmatched],
                output,
                title=f"Offers not matched ({format_number(left_over, ',')})",
            )


def _one_voter_swap(
    uncertainty: Any, seat: str, prefer: str, willing: str | None, output: OutputFormat
) -> None:
    """``psephos swap --seat --prefer``: one voter's outlook for each party they might vote for
    in exchange (:func:`psephos.tactical.swaps.swap_outlooks`), in words, and the best partner
    seats of each."""
    outlooks = swap_outlooks(uncertainty, seat, prefer, willing)
    for note in outlooks[0].notes:
        print_note(note)
    if output is OutputFormat.json:
        render([], output, extra=outlooks_dict(outlooks))
        return
    if output is OutputFormat.table:
        lines = [outlooks[0].contest(), *(o.verdict() for o in outlooks), PARTNER_NEEDED]
        console.print(
            Panel("\n".join(lines), title=outlooks[0].seat_name, title_align="left"),
            highlight=False,
        )
    for outlook in outlooks:
        if not outlook.partner_seats:
            continue
        preferred, willing_label = (
            outlook.labels[outlook.preferred],
            outlook.labels[outlook.willing],
        )
        render(
            list(outlook.partner_seats),
            output,
            title=f"Where a partner who prefers {willing_label} should vote {preferred} "
            f"(the best {len(outlook.partner_seats)} of "
            f"{format_number(outlook.n_partner_seats, ',')} seats; preferred {preferred}, "
            f"willing {willing_label})",
        )


def _each_seat_hint(found: PostcodeSeats, postcode: str) -> str:
    """What the advice for each of a straddling postcode's seats is followed by: how to ask
    for one seat's alone, the command spelled out ("psephos advise "Croydon West" --postcode
    "CR0 1NX" ...")."""
    listed = "listed " if found.unlisted else ""
    example = f'psephos advise "{found.options[0].name}" --postcode "{postcode.strip()}" ...'
    return (
        f"The advice for each of the {listed}seats follows. For one seat's advice alone, name "
        f"the seat before --postcode: {example}"
    )


def _advice_table(
    payload: dict[str, Any], rows: list[dict[str, Any]], output: OutputFormat
) -> None:
    """One seat's advice as the terminal shows it: the panel, then what each vote does."""
    console.print(
        Panel(
            "\n".join([f"[bold]{payload['headline']}[/]", "", *payload["reasoning"]]),
            title=f"{payload['name']} ({payload['code']})",
            title_align="left",
        )
    )
    # each chance counted in the simulations as the panel writes it (one within their noise
    # of 0 or 1 the bound the panel says, "less than 1 in 500"), never "0.0%" for a chance the
    # panel calls "effectively zero"
    counted = in_words(".1%", draws=payload.get("n_sims"))
    render(
        # each party by its name as the panel names it ("Labour"), its code beside it; and
        # without expected_gain (chance-weighted preference points, millionths), the
        # advice's arithmetic, not a number a person reads: the panel says which vote does
        # most. CSV and JSON carry both (party_label is the election's label, "Lab")
        [_without(row, "party_label", "expected_gain") for row in rows],
        output,
        title="What each vote does",
        formats={
            "mean_share": ".1%",
            "win_probability": counted,
            **{entry.money_back.column: counted for entry in JURISDICTIONS.values()},
            "p_decides_seat": "words",
            "p_decides_government": "words",
        },
    )


def _without(row: dict[str, Any], *columns: str) -> dict[str, Any]:
    """A row without some of its columns (those a terminal table leaves out)."""
    return {key: value for key, value in row.items() if key not in columns}
